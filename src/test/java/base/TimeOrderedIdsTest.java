package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void ids_sort_by_the_time_they_were_made_and_are_version_7_uuids() {
        List<String> ids = IntStream.range(0, 1000).mapToObj(k -> TimeOrderedIds.next(1_764_000_000_000L + k * 7L)).toList();
        assertThat(ids).isSorted();
        UUID first = UUID.fromString(ids.get(0));
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(1_764_000_000_000L);
    }

    @Test
    void ids_made_in_the_same_millisecond_differ() {
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < 100_000; k++) {
            seen.add(TimeOrderedIds.next(1_764_000_000_000L));
        }
        assertThat(seen).hasSize(100_000);
    }
}
