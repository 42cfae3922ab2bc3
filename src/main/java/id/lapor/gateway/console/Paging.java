package id.lapor.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.util.UriComponentsBuilder;

/** Pager links for the console's lists: the current path and query with another {@code page}. */
final class Paging {

    private Paging() {}

    /** Clamps a requested page to 0 or more. */
    static int page(Integer requested) {
        return requested == null || requested < 0 ? 0 : requested;
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
