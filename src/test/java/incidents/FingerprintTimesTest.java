package incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The compact dedup memory answers as a plain map would, through growth, deletions and purges. */
class FingerprintTimesTest {

    @Test
    void random_puts_removes_and_purges_answer_as_a_hash_map_does() {
        Random random = new Random(16);
        FingerprintTimes times = new FingerprintTimes();
        Map<String, Long> expected = new HashMap<>();
        // few distinct keys, so that removals hit runs of colliding entries; a few keys that do not pack
        String[] odd = {"", "ABC", "not-hex", "0123456789abcdef0", "zz"};
        for (int step = 0; step < 200_000; step++) {
            String key = random.nextInt(50) == 0 ? odd[random.nextInt(odd.length)]
                    : String.format("%012x", random.nextLong(step < 100_000 ? 40_000 : 4_000_000L));
            long at = step;
            int op = random.nextInt(100);
            if (op < 60) {
                times.put(key, at);
                expected.put(key, at);
            } else if (op < 90) {
                times.remove(key);
                expected.remove(key);
            } else if (op == 99 && random.nextInt(20) == 0) {
                long cutoff = step - 5_000L;
                times.removeOlderThan(cutoff);
                expected.values().removeIf(t -> t <= cutoff);
            }
            assertThat(times.get(key)).isEqualTo(expected.get(key));
        }
        assertThat(times.size()).isEqualTo(expected.size());
        expected.forEach((key, at) -> assertThat(times.get(key)).as(key).isEqualTo(at));
    }

    @Test
    void a_purge_keeps_only_the_entries_after_the_cutoff() {
        FingerprintTimes times = new FingerprintTimes();
        for (int i = 0; i < 100_000; i++) {
            times.put(String.format("%012x", i * 7919L), i);
        }
        times.removeOlderThan(99_989);
        assertThat(times.size()).isEqualTo(10);
        assertThat(times.get(String.format("%012x", 99_999 * 7919L))).isEqualTo(99_999L);
        assertThat(times.get(String.format("%012x", 5L * 7919))).isNull();
    }

    @Test
    void packing_keeps_the_digit_count_so_leading_zeros_matter() {
        assertThat(FingerprintTimes.pack("0a")).isNotEqualTo(FingerprintTimes.pack("a"));
        assertThat(FingerprintTimes.pack("000000000000")).isNotZero();
        assertThat(FingerprintTimes.pack("C75893C52574")).isZero();
    }
}
