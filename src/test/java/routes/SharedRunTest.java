package routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Every caller returns after a run that started after its call; callers at once share runs. */
class SharedRunTest {

    @Test
    void each_caller_is_served_by_a_run_that_started_after_its_change_and_runs_are_shared() throws Exception {
        AtomicLong changes = new AtomicLong();   // what the callers changed before asking for a run
        AtomicLong seen = new AtomicLong();      // what the last finished run saw when it started
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlapped = new AtomicInteger();
        SharedRun shared = new SharedRun(() -> {
            if (running.incrementAndGet() > 1) {
                overlapped.incrementAndGet();
            }
            long atStart = changes.get();
            runs.incrementAndGet();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.accumulateAndGet(atStart, Math::max);
            running.decrementAndGet();
        });
        int threads = 16;
        int each = 50;
        AtomicInteger stale = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                    for (int k = 0; k < each; k++) {
                        long mine = changes.incrementAndGet();
                        shared.runAfterNow();
                        if (seen.get() < mine) {
                            stale.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            caller.start();
            callers.add(caller);
        }
        go.countDown();
        for (Thread caller : callers) {
            caller.join(60_000);
        }
        assertThat(stale).hasValue(0);
        assertThat(overlapped).hasValue(0);
        assertThat(runs.get()).isLessThan(threads * each / 2);
    }

    @Test
    void a_run_that_fails_lets_its_callers_go_on_and_the_next_call_runs_again() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SharedRun shared = new SharedRun(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("costs.json cannot be written");
        });
        shared.runAfterNow();
        shared.runAfterNow();
        assertThat(runs).hasValue(2);
    }
}
