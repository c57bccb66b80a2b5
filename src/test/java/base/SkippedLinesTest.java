package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SkippedLinesTest {
    @Test
    void keepsTheFirstLineWithItsReasonAndCountsTheRest() {
        SkippedLines s = new SkippedLines();
        add(s, "{\"ts\":1}", "first reason");
        add(s, "{\"ts\":2}", "second reason");
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.first()).isEqualTo("{\"ts\":1} (first reason)");
    }

    @Test
    void aLaterBatchAddsItsCountAndGivesItsFirstLineOnlyWhenNoneCameBefore() {
        SkippedLines earlier = new SkippedLines();
        SkippedLines later = new SkippedLines();
        add(later, "later", "why later");
        earlier.add(later);
        assertThat(earlier.first()).isEqualTo("later (why later)");
        SkippedLines other = new SkippedLines();
        add(other, "other", "why other");
        earlier.add(other);
        assertThat(earlier.count()).isEqualTo(2);
        assertThat(earlier.first()).isEqualTo("later (why later)");
    }

    @Test
    void aLongLineIsCutAndControlCharactersAreShownAsQuestionMarks() {
        SkippedLines s = new SkippedLines();
        add(s, "a\tb\u001b[31m" + "x".repeat(500), "why");
        assertThat(s.first()).startsWith("a?b?[31mxxx").endsWith("... (why)").hasSizeLessThan(180);
    }

    @Test
    void aLineIsNotCutInTheMiddleOfACharacter() {
        SkippedLines s = new SkippedLines();
        add(s, "x".repeat(159) + "\u00e9" + "y".repeat(10), "why");
        assertThat(s.first()).isEqualTo("x".repeat(159) + "... (why)");
    }

    @Test
    void nothingSkippedHasNoFirstLine() {
        assertThat(new SkippedLines().first()).isNull();
    }

    private static void add(SkippedLines s, String line, String reason) {
        byte[] b = ("  " + line).getBytes(StandardCharsets.UTF_8);
        s.add(b, 2, b.length - 2, reason);
    }
}
