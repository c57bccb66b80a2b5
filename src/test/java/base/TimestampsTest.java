package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0} parses like java.time")
    @ValueSource(strings = {"2025-10-20T17:59:58.120Z", "2025-10-20T17:59:58Z", "2024-02-29T23:59:59.999999Z",
            "2025-10-20T19:59:58.1+02:00", "1999-12-31T23:00:00-05:30", "2025-10-20T17:59:58.120+00:00"})
    void iso_timestamps_with_a_zone_match_java_time(String iso) {
        assertThat(Timestamps.fromIso(iso)).isEqualTo(OffsetDateTime.parse(iso).toInstant().toEpochMilli());
    }

    @ParameterizedTest(name = "{0} is not a timestamp")
    @ValueSource(strings = {"yesterday", "2025-10-20", "2025-13-20T17:59:58Z", "2025-10-20T17:59:58", ""})
    void strings_that_are_not_zoned_iso_timestamps_are_refused(String s) {
        assertThat(Timestamps.fromIso(s)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "epoch {0} is {1} ms")
    @CsvSource({"1761069366, 1761069366000", "1761069366.5, 1761069366500", "1761069366123, 1761069366123"})
    void epoch_seconds_and_milliseconds_are_told_apart_at_1e11(double epoch, long millis) {
        assertThat(Timestamps.fromNumber(epoch)).isEqualTo(millis);
    }

    @Test
    void random_near_valid_timestamps_read_as_java_time_reads_them() {
        Random rnd = new Random(5);
        String[] zones = {"Z", "z", "+00:00", "+02:00", "-05:30", "+17:59", "+18:00", "-18:00", "+19:00", "+05:60",
            "+05:30:15", "+0530", "", "Zulu"};
        for (int n = 0; n < 50_000; n++) {
            int year = rnd.nextBoolean() ? 1996 + rnd.nextInt(10) : rnd.nextInt(10_000);
            String iso = String.format("%04d-%02d-%02d%s%02d:%02d:%02d%s%s", year, rnd.nextInt(14), rnd.nextInt(33),
                    rnd.nextInt(20) == 0 ? "t" : "T", rnd.nextInt(25), rnd.nextInt(61), rnd.nextInt(61),
                    rnd.nextBoolean() ? "" : "." + "123456789012".substring(0, rnd.nextInt(12)), zones[rnd.nextInt(zones.length)]);
            assertThat(Timestamps.fromIso(iso)).as(iso).isEqualTo(Timestamps.javaTime(iso));
        }
    }
}
