package incidents.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import base.ApiProblem;
import base.Excerpt;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import incidents.Incident;

/**
 * Decides whether a silence's matchers match a raise. {@code msg_regex} is compiled by RE2/J,
 * whose matching time is linear in the text whatever the pattern (no backtracking), so a pattern
 * like {@code (a+)+$} cannot stall a raise; what RE2 cannot express (backreferences, lookaround)
 * is refused with a 400 when the silence is created. Compiled patterns are kept by their text.
 */
public final class SilenceMatcher {
    static final int MAX_REGEX = 1000;
    private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();

    /** Checks a pattern when a silence is created: a 400 that says what is wrong. */
    public void check(String regex) {
        if (regex.length() > MAX_REGEX) {
            throw ApiProblem.badRequest("msg_regex is " + regex.length() + " characters; send at most " + MAX_REGEX);
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw ApiProblem.badRequest("msg_regex " + Excerpt.of(regex) + " is not an RE2 pattern (" + e.getDescription()
                    + "); RE2 has no backreferences or lookaround, see https://github.com/google/re2/wiki/Syntax");
        }
    }

    public boolean matches(Silence.Matchers m, Incident i) {
        return (m.source() == null || m.source().equals(i.source()))
                && (m.severity() == null || m.severity().equals(i.severity().name()))
                && (m.fingerprint() == null || m.fingerprint().equals(i.fingerprint()))
                && (m.msgRegex() == null || pattern(m.msgRegex()).matcher(i.msg()).find());
    }

    private Pattern pattern(String regex) {
        Pattern p = compiled.get(regex);
        if (p == null) {
            if (compiled.size() > 10_000) {
                compiled.clear(); // silences come and go; never let old patterns pile up
            }
            p = Pattern.compile(regex);
            compiled.put(regex, p);
        }
        return p;
    }
}
