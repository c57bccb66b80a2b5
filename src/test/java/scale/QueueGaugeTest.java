package scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import base.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QueueGaugeTest {
    private static final long NOW = Instant.parse("2025-10-20T18:00:00Z").toEpochMilli();

    private static QueueGauge parse(String json) throws Exception {
        return QueueGauge.parse(Json.MAPPER.readTree(json), NOW, NOW);
    }

    @Test
    void the_seeds_gauge_is_read_with_its_time_depth_and_workers() throws Exception {
        QueueGauge g = parse("{\"ts\":\"2025-10-20T17:59:00Z\",\"queue_depth\":12,\"workers\":2}");
        assertThat(g).isEqualTo(new QueueGauge(NOW - 60_000, 12, 2));
    }

    @Test
    void a_gauge_without_ts_or_workers_takes_the_default_time_and_no_workers() throws Exception {
        assertThat(parse("{\"queue_depth\":0}")).isEqualTo(new QueueGauge(NOW, 0, null));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "{}|queue_depth",
            "{\"queue_depth\":-1}|queue_depth",
            "{\"queue_depth\":1.5}|queue_depth",
            "{\"queue_depth\":\"3\"}|queue_depth",
            "{\"queue_depth\":3,\"ts\":\"yesterday\"}|ts",
            "{\"queue_depth\":3,\"ts\":\"2025-10-20T19:00:00Z\"}|future",
            "{\"queue_depth\":3,\"workers\":-2}|workers",
            "[1,2]|JSON object"})
    void an_invalid_gauge_is_refused_with_what_is_wrong(String json, String mentions) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(mentions);
    }
}
