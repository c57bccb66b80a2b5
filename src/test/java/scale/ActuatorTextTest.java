package scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/** What is shown of the actuator keeps the reason and loses the secrets. */
class ActuatorTextTest {
    @Test
    void a_url_keeps_its_path_and_loses_its_query_and_password() {
        assertThat(ActuatorText.describe("https://ops:s3cret@scaler.example/workers?token=abc&x=1"))
                .isEqualTo("https://ops:xxxxxx@scaler.example/workers?...");
    }

    @Test
    void a_camel_uri_keeps_its_options_but_not_a_password_option() {
        assertThat(ActuatorText.describe("file:/srv/logs?fileName=workers.desired")).isEqualTo("file:/srv/logs?fileName=workers.desired");
        assertThat(ActuatorText.describe("ftp:host/dir?username=ops&password=s3cret")).doesNotContain("s3cret");
    }

    @Test
    void a_failure_is_its_innermost_message_with_the_rest_of_the_sentence_kept() {
        Exception failure = new RuntimeException("outer",
                new IOException("HTTP operation failed invoking http://h:1/scale?token=abc with statusCode: 500\nbody follows"));
        assertThat(ActuatorText.reason(failure)).isEqualTo("HTTP operation failed invoking http://h:1/scale?... with statusCode: 500");
    }
}
