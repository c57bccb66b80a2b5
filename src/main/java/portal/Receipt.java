package portal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of $DATA_DIR/receipts.ndjson. {@code file}, when present, names a file in
 * $DATA_DIR/receipts/; {@code seller} defaults to EchoPilot on the rendered receipt.
 */
public record Receipt(String id, String email, String date, BigDecimal amountUsd, String description,
                      String status, String file, String seller, int line) {
    /**
     * A receipt id or file name: letters, digits, dot, dash, underscore, starting with a letter
     * or digit. So no separators, no "." or "..", nothing absolute: it cannot leave the folder.
     */
    static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final int MAX_EMAIL = 254;

    static boolean plainName(String s) {
        return s != null && PLAIN_NAME.matcher(s).matches();
    }

    /** The form emails are stored, looked up and signed in. */
    static String normalEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    static boolean emailShaped(String email) {
        int at = email.indexOf('@');
        return at > 0 && at < email.length() - 1 && email.length() <= MAX_EMAIL && email.chars().noneMatch(Character::isWhitespace);
    }

    /** Reads one line; throws IllegalArgumentException saying what is wrong with it. */
    static Receipt parse(JsonNode node, int line) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = text(node, "id");
        if (!plainName(id)) {
            throw new IllegalArgumentException("\"id\" is missing or not a plain name (letters, digits, . _ -)");
        }
        String email = normalEmail(text(node, "email"));
        if (!emailShaped(email)) {
            throw new IllegalArgumentException("\"email\" is missing or not an email address");
        }
        JsonNode amount = node.get("amount_usd");
        if (amount == null || !amount.isNumber()) {
            throw new IllegalArgumentException("\"amount_usd\" is missing or not a number");
        }
        String file = text(node, "file");
        if (file != null && !plainName(file)) {
            throw new IllegalArgumentException("\"file\" must be a plain file name inside the receipts folder");
        }
        return new Receipt(id, email, text(node, "date"), amount.decimalValue(), text(node, "description"),
                text(node, "status"), file, text(node, "seller"), line);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
