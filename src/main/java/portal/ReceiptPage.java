package portal;

import java.math.RoundingMode;

/**
 * The printable HTML receipt served for a receipt that has no file. Every field comes from the
 * receipts file, so every one is HTML-escaped.
 */
public final class ReceiptPage {
    static final String DEFAULT_SELLER = "EchoPilot";

    private ReceiptPage() {
    }

    public static String render(Receipt r) {
        String seller = r.seller() == null || r.seller().isBlank() ? DEFAULT_SELLER : r.seller();
        StringBuilder html = new StringBuilder(2048);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Receipt ").append(escape(r.id())).append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;color:#111}")
                .append("table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5em;border-bottom:1px solid #ccc}")
                .append("th{width:30%;color:#555}</style>\n</head>\n<body>\n")
                .append("<h1>Receipt</h1>\n<p class=\"seller\">").append(escape(seller)).append("</p>\n<table>\n");
        row(html, "Receipt", r.id());
        row(html, "Date", r.date());
        row(html, "Billed to", r.email());
        row(html, "Description", r.description());
        row(html, "Amount", "USD " + r.amountUsd().setScale(2, RoundingMode.HALF_UP).toPlainString());
        row(html, "Status", r.status());
        return html.append("</table>\n</body>\n</html>\n").toString();
    }

    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><th>").append(label).append("</th><td>").append(escape(value == null ? "" : value)).append("</td></tr>\n");
    }

    /** Escapes the five characters that matter in HTML text and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
