package dev.pdsaccounts.mail.smtp;

import dev.pdsaccounts.mail.Mail;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** {@link MailTemplates#pattern(String, String, String)}: placeholders replaced in one pass. */
final class PatternTemplate implements MailTemplates {
    private final String subjectPattern;
    private final String textPattern;
    private final String htmlPattern;

    PatternTemplate(String subjectPattern, String textPattern, String htmlPattern) {
        this.subjectPattern = subjectPattern;
        this.textPattern = Objects.requireNonNull(textPattern, "textPattern");
        this.htmlPattern = Objects.requireNonNull(htmlPattern, "htmlPattern");
    }

    @Override
    public MailContent render(Mail mail) {
        // One line whatever the pattern or the mail's own subject (an admin's free subject) holds.
        String subject = (subjectPattern == null ? mail.subject()
                : fill(subjectPattern, mail, UnaryOperator.identity())).replaceAll("[\\r\\n]+", " ");
        return new MailContent(subject, fill(textPattern, mail, UnaryOperator.identity()),
                fill(htmlPattern, mail, PatternTemplate::escapeHtml));
    }

    /** One left-to-right pass, so a value that itself looks like a placeholder is never replaced again. */
    static String fill(String pattern, Mail mail, UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder(pattern.length() + 64);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i + 1) : -1;
            String value = close < 0 ? null : value(pattern.substring(i + 1, close), mail);
            if (value == null) {
                out.append(c);
                i++;
            } else {
                out.append(escape.apply(value));
                i = close + 1;
            }
        }
        return out.toString();
    }

    private static String value(String name, Mail mail) {
        switch (name) {
            case "token":
                return mail.token();
            case "handle":
                return mail.handle().orElse(mail.to());
            case "to":
                return mail.to();
            case "subject":
                return mail.subject();
            case "content":
                return mail.content().orElse("");
            default:
                return null;
        }
    }

    /** Escapes the five characters that matter in HTML text and attribute values. */
    static String escapeHtml(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }
}
