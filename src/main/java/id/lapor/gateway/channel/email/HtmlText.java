package id.lapor.gateway.channel.email;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * HTML mail turned into readable text with a real HTML parser (jsoup): paragraphs, line breaks,
 * headings, table rows and list items keep their shape ("- " or "1. " before items); scripts,
 * styles, head, images (tracking pixels) and hidden elements are dropped, and so is quoted history:
 * Gmail's {@code gmail_quote}, Outlook's reply header and {@code blockquote type=cite}, except a quote
 * that is a forwarded message.
 */
public final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "header", "footer", "main",
            "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
            "address", "center", "form", "fieldset", "hr", "li");
    private static final Pattern FORWARD_MARK = Pattern.compile(
            "(?i)(-{3,}\\s*(forwarded message|pesan terusan|pesan yang diteruskan)|begin forwarded message)");
    private static final Pattern BLANK_RUNS = Pattern.compile("\n{3,}");
    private static final Pattern TRAILING_SPACES = Pattern.compile("[ \\t]+\n");

    private HtmlText() {}

    public static String toText(String html) {
        if (html == null || html.isBlank()) return "";
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head, title, noscript, template, img, svg, object, embed, iframe, meta, link").remove();
        doc.select("[hidden], [style~=(?i)display\\s*:\\s*none]").remove();
        for (Element quote : doc.select("div.gmail_quote, blockquote[type=cite], div#divRplyFwdMsg, div#appendonsend, div.moz-cite-prefix, div.yahoo_quoted")) {
            if (!FORWARD_MARK.matcher(quote.text()).find()) quote.remove();
        }
        StringBuilder out = new StringBuilder();
        Element body = doc.body() == null ? doc : doc.body();
        render(body, out, new int[] {0});
        String text = TRAILING_SPACES.matcher(out.toString().replace('\u00A0', ' ')).replaceAll("\n");
        return BLANK_RUNS.matcher(text).replaceAll("\n\n").strip();
    }

    private static void render(Node node, StringBuilder out, int[] listCounter) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode t) {
                appendInline(out, t.text());
            } else if (child instanceof Element e) {
                String tag = e.normalName();
                switch (tag) {
                    case "br" -> out.append('\n');
                    case "li" -> {
                        newline(out);
                        String marker = e.parent() != null && "ol".equals(e.parent().normalName()) ? (++listCounter[0]) + ". " : "- ";
                        out.append(marker);
                        render(e, out, new int[] {0});
                        newline(out);
                    }
                    case "ol", "ul" -> {
                        newline(out);
                        render(e, out, new int[] {0});
                        newline(out);
                    }
                    case "td", "th" -> {
                        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append(' ');
                        render(e, out, listCounter);
                    }
                    case "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table" -> {
                        paragraph(out);
                        render(e, out, listCounter);
                        paragraph(out);
                    }
                    default -> {
                        boolean block = BLOCKS.contains(tag);
                        if (block) newline(out);
                        render(e, out, listCounter);
                        if (block) newline(out);
                    }
                }
            }
        }
    }

    private static void appendInline(StringBuilder out, String text) {
        String collapsed = text.replaceAll("\\s+", " ");
        if (collapsed.isEmpty()) return;
        boolean atLineStart = out.length() == 0 || out.charAt(out.length() - 1) == '\n';
        if (atLineStart) collapsed = collapsed.stripLeading();
        else if (out.charAt(out.length() - 1) == ' ' && collapsed.startsWith(" ")) collapsed = collapsed.substring(1);
        out.append(collapsed);
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
    }

    private static void paragraph(StringBuilder out) {
        newline(out);
        if (out.length() > 1 && out.charAt(out.length() - 2) != '\n') out.append('\n');
    }
}
