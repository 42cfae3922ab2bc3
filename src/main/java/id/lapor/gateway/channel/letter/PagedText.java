package id.lapor.gateway.channel.letter;

import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Plain text of a Tika XHTML stream, page by page: Tika's PDF parser opens each page with
 * {@code <div class="page">}; formats without pages (DOCX, ODT, RTF, text) come back as one page.
 * Block elements end a line.
 */
class PagedText extends DefaultHandler {

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title");

    private final List<StringBuilder> pages = new ArrayList<>();
    /** Text before the first page division: the whole text of a format without pages. */
    private final StringBuilder unpaged = new StringBuilder();
    private boolean inTitle;

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        String name = name(localName, qName);
        if ("div".equals(name) && "page".equals(atts.getValue("class"))) pages.add(new StringBuilder());
        if ("title".equals(name)) inTitle = true;
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = name(localName, qName);
        if ("title".equals(name)) inTitle = false;
        // Tika's PDF paragraphs are gaps between blocks of lines, so a blank line; in DOCX, ODT and RTF
        // every line of a letter is a paragraph of its own
        else if ("p".equals(name) && !pages.isEmpty()) current().append("\n\n");
        else if (BLOCKS.contains(name)) current().append('\n');
    }

    /** Line ends inside a PDF paragraph come this way; after a block's own line end they add nothing. */
    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        StringBuilder b = current();
        if (!inTitle && !b.isEmpty() && b.charAt(b.length() - 1) != '\n') b.append('\n');
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (!inTitle) current().append(ch, start, length);
    }

    private StringBuilder current() {
        return pages.isEmpty() ? unpaged : pages.get(pages.size() - 1);
    }

    private static String name(String localName, String qName) {
        return localName == null || localName.isEmpty() ? qName : localName;
    }

    /** Each page's text, lines stripped of trailing spaces, runs of blank lines kept to one. */
    List<String> pages() {
        List<String> out = new ArrayList<>();
        for (StringBuilder p : pages.isEmpty() ? List.of(unpaged) : pages) {
            out.add(p.toString().replace('\u00a0', ' ').replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip());
        }
        return out;
    }
}
