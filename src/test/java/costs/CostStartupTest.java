package costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import support.DaemonProcess;

/** The cost settings as the environment gives them, in a real process. */
class CostStartupTest {
    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}={1} stops start-up")
    @CsvSource(delimiter = '|', value = {
            "MODEL_CAPS_JSON|{bad|MODEL_CAPS_JSON: is not valid JSON",
            "MODEL_CAPS_JSON|{\"gpt-4o\":0}|MODEL_CAPS_JSON: the cap of \"gpt-4o\" must be a number of USD greater than 0",
            "MODEL_CAPS_JSON|[15]|MODEL_CAPS_JSON: must be a JSON object",
            "COST_CAP_DAILY_USD|-5|COST_CAP_DAILY_USD: '-5' must be greater than 0",
            "MODEL_PRICES_JSON|{\"gpt-4o\":{\"per_token\":1}}|MODEL_PRICES_JSON: unknown field \"per_token\"",
            "MODEL_FALLBACKS_JSON|{\"gpt-4o\":\"gpt-4o\"}|MODEL_FALLBACKS_JSON: the fallback of \"gpt-4o\" must be the name of another model"})
    void a_bad_cost_setting_stops_start_up_with_one_line_naming_it(String variable, String value, String expected) throws Exception {
        DaemonProcess.Finished p = DaemonProcess.run(home, Map.of(variable, value), "app.App");
        String err = p.err();
        assertThat(p.exitCode()).as(err).isEqualTo(2);
        List<String> lines = err.lines().filter(l -> l.startsWith("echopilot: cannot start:")).toList();
        assertThat(lines).singleElement().satisfies(l -> assertThat(l).contains(expected));
    }

    @Test
    void one_shot_costs_prices_tokens_with_nested_json_from_the_environment() throws Exception {
        Instant recent = Instant.now().minusSeconds(7200);
        Usage.append(home.resolve("logs/ai_usage.ndjson"),
                "{\"ts\":\"" + recent + "\",\"model\":\"gpt-4o\",\"input_tokens\":1000000,\"output_tokens\":100000}",
                Usage.event(recent, "gpt-4o-mini", "6.20"));
        DaemonProcess.Finished p = DaemonProcess.run(home, Map.of(
                "MODEL_PRICES_JSON", "{\"gpt-4o\":{\"input_per_1k\":0.0025,\"output_per_1k\":0.01}}",
                "MODEL_CAPS_JSON", "{\"gpt-4o\":15,\"gpt-4o-mini\":10}"), "app.Once", "costs");
        String out = p.out();
        assertThat(p.exitCode()).as(out + p.err()).isZero();
        // 1M input tokens at 0.0025 + 100k output at 0.01 per 1k = 2.50 + 1.00
        assertThat(out).contains("\"ok\" : true", "\"total_spent_usd\" : 9.7", "\"spent_usd\" : 3.5", "\"alert_level\" : \"OK\"");
        assertThat(home.resolve("logs/costs.json")).exists();
        assertThat(Files.readAllLines(home.resolve("logs/costs.ndjson"))).hasSize(1);
    }
}
