package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SharedRunTest {

    @Test
    void a_caller_alone_returns_after_a_run_that_began_after_it_asked() {
        AtomicInteger runs = new AtomicInteger();
        SharedRun run = new SharedRun("test-run", runs::incrementAndGet);

        run.awaitRun();
        assertThat(runs).hasValue(1);
        run.awaitRun();
        assertThat(runs).hasValue(2);
    }

    @Test
    void callers_that_ask_while_a_run_is_under_way_share_the_next_run_which_begins_after_all_of_them_asked() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        List<Integer> askedWhenRunBegan = java.util.Collections.synchronizedList(new ArrayList<>());
        SharedRun run = new SharedRun("test-run", () -> {
            askedWhenRunBegan.add(asked.get());
            if (askedWhenRunBegan.size() == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
        });
        CompletableFuture<Void> first = CompletableFuture.runAsync(run::awaitRun);
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

        List<Thread> later = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            Thread t = new Thread(() -> {
                asked.incrementAndGet();
                run.awaitRun();
            });
            t.start();
            later.add(t);
        }
        // WAITING: parked in awaitRun on the next run, the only place these threads wait
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> later.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        assertThat(askedWhenRunBegan).containsExactly(0);
        releaseFirst.countDown();

        for (Thread t : later) {
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        }
        first.get(10, TimeUnit.SECONDS);
        // one run for the first caller, one shared by the five: it began once all five had asked
        assertThat(askedWhenRunBegan).containsExactly(0, 5);
    }

    @Test
    void a_run_that_throws_releases_its_callers_and_the_next_call_runs_again() {
        AtomicInteger runs = new AtomicInteger();
        SharedRun run = new SharedRun("test-run", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("costs.json cannot be written");
            }
        });

        run.awaitRun();
        run.awaitRun();
        assertThat(runs).hasValue(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
