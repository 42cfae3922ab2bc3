package id.lapor.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.util.UriComponentsBuilder;

/** Pager links for the console's lists: the current path and query with another {@code page}. */
final class Paging {

    private Paging() {}

    /** Highest page number taken from a URL (with the console's page sizes, an offset far past any ledger). */
    static final int MAX_PAGE = 1_000_000;

    /**
     * The {@code page} parameter as typed in a URL: a whole number 0..{@value #MAX_PAGE} (larger: {@value #MAX_PAGE});
     * anything else (absent, negative, a word, a number past {@code int}) is page 0. Bound as {@code Integer}, a word
     * or a long number failed the binding and answered 500 with an error logged.
     */
    static int page(String requested) {
        if (requested == null) return 0;
        String s = requested.strip();
        if (s.isEmpty() || s.length() > 12 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) return 0;
        return (int) Math.min(Long.parseLong(s), MAX_PAGE);
    }

    /**
     * Puts {@code page}, {@code pages}, {@code total}, {@code prevUrl} and {@code nextUrl} into the model.
     *
     * @param total rows matching the filter, or -1 when unknown (then a full page means there may be more)
     */
    static void put(Model model, HttpServletRequest req, int page, int size, long total, int rowsOnPage) {
        long pages = total >= 0 ? Math.max(1, (total + size - 1) / size) : (rowsOnPage == size ? page + 2 : page + 1);
        model.addAttribute("page", page);
        model.addAttribute("pages", pages);
        model.addAttribute("total", total);
        model.addAttribute("prevUrl", page > 0 ? url(req, page - 1) : null);
        model.addAttribute("nextUrl", page + 1 < pages ? url(req, page + 1) : null);
    }

    private static String url(HttpServletRequest req, int page) {
        return UriComponentsBuilder.fromPath(req.getRequestURI()).query(req.getQueryString())
                .replaceQueryParam("page", page).build().toUriString();
    }
}
