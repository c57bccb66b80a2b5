package base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {

    @Test
    void short_input_is_quoted_whole() {
        assertThat(Excerpt.of("x".repeat(200))).isEqualTo("x".repeat(200));
        assertThat(Excerpt.of(null)).isNull();
    }

    @Test
    void long_input_is_cut_at_200_characters_and_says_how_long_it_was() {
        assertThat(Excerpt.of("y".repeat(1_000_000))).isEqualTo("y".repeat(200) + "... (1000000 characters)");
    }

    @Test
    void the_cut_never_splits_a_character_in_two() {
        String s = "z".repeat(199) + "\ud83d\ude00" + "z".repeat(10);
        assertThat(Excerpt.of(s)).startsWith("z".repeat(199) + "...");
    }
}
