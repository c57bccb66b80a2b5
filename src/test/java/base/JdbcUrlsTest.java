package base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/ep?user=ep&password=s3cret|jdbc:postgresql://db:5432/ep?user=ep&password=***",
        "jdbc:postgresql://db/ep?password=s3cret&currentSchema=a|jdbc:postgresql://db/ep?password=***&currentSchema=a",
        "jdbc:postgresql://db/ep?user=ep&PASSWORD=s3cret&sslpassword=k3y|jdbc:postgresql://db/ep?user=ep&PASSWORD=***&sslpassword=***",
        "jdbc:postgresql://ep:s3cret@db/ep|jdbc:postgresql://ep:***@db/ep",
        "jdbc:sqlite:data/echopilot.db?password=s3cret|jdbc:sqlite:data/echopilot.db?password=***",
        "jdbc:sqlserver://db;user=ep;password=s3cret;database=x|jdbc:sqlserver://db;user=ep;password=***;database=x",
        "jdbc:sqlite:data/echopilot.db|jdbc:sqlite:data/echopilot.db",
        "jdbc:postgresql://db:5432/ep?user=ep|jdbc:postgresql://db:5432/ep?user=ep",
    })
    void a_url_is_logged_without_its_password(String url, String shown) {
        assertThat(JdbcUrls.redacted(url)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "a driver message about {0} loses its secrets")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db/ep?user=ep&password=s3cret|cannot reach jdbc:postgresql://db/ep?user=ep&password=s3cret: refused (s3cret)",
        "jdbc:postgresql://ep:s3cret@db/ep|bad login ep:s3cret",
    })
    void a_message_that_quotes_the_url_or_the_password_is_scrubbed(String url, String message) {
        assertThat(JdbcUrls.scrub(message, url)).doesNotContain("s3cret").contains("***");
    }
}
