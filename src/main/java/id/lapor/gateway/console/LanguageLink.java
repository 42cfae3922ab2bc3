package id.lapor.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The top bar's language link ({@code langSwitchUrl} in every console model): the page the admin is on,
 * with its query (filters, page) kept and only {@code lang} set to the other language ({@code id} ↔
 * {@code en}). A bare {@code ?lang=en} link turned a filtered list into the whole list.
 */
@ControllerAdvice(basePackageClasses = LanguageLink.class)
public class LanguageLink {

    /**
     * @return a path-relative URL such as {@code /aduan?channel=SMS&lang=en}, or {@code null} for a request
     *         that is not a console page (the template then falls back to {@code ?lang=…})
     */
    @ModelAttribute("langSwitchUrl")
    public String langSwitchUrl(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) return null;
        String other = "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? "id" : "en";
        // a GET's parameters are its query's (read from the map, which is also what MockMvc fills)
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(request.getRequestURI());
        request.getParameterMap().forEach((name, values) -> {
            if (!"lang".equals(name) && !"_csrf".equals(name)) b.queryParam(name, (Object[]) values);
        });
        return b.queryParam("lang", other).encode().build().toUriString();
    }
}
