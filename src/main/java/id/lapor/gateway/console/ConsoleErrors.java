package id.lapor.gateway.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Errors of console pages as an Indonesian HTML page (the API's problem+json handler stays for
 * {@code /api/**}): an unknown ticket or item is 404, and so is a path id that is no number at all
 * ({@code /karantina/abc}, {@code /aduan/X/lampiran/99999999999}: it names nothing); a request the browser
 * sent wrong (a required form field missing, a parameter of the wrong type, a multipart body Tomcat cannot
 * parse, e.g. a file name with a NUL) is 400 and logged at INFO without stack trace; anything else 500 with
 * nothing internal shown. Before, the first two answered 500 and logged an ERROR with a stack trace.
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    /** A console page for something that does not exist. */
    public static class NotFound extends RuntimeException {
        public NotFound(String what) {
            super(what);
        }
    }

    private final MessageSource messages;

    public ConsoleErrors(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(NotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public String notFound(NotFound e, Model model) {
        model.addAttribute("message", messages.getMessage("error.notFound", null, LocaleContextHolder.getLocale()));
        return "console/error";
    }

    /** A path variable that is not of its type (a word or a number past {@code long} for an id): nothing has that id. */
    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    public String typeMismatch(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e, Model model,
                               jakarta.servlet.http.HttpServletResponse response) {
        boolean path = e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class);
        response.setStatus(path ? HttpStatus.NOT_FOUND.value() : HttpStatus.BAD_REQUEST.value());
        log.info("console request refused: parameter '{}' of the wrong type", e.getName());
        model.addAttribute("message", messages.getMessage(path ? "error.notFound" : "error.badRequest", null, LocaleContextHolder.getLocale()));
        return "console/error";
    }

    /** A form sent without a field it must have, or a multipart body that cannot be read. */
    @ExceptionHandler({org.springframework.web.bind.MissingServletRequestParameterException.class,
            org.springframework.web.multipart.MultipartException.class})
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public String badRequest(Exception e, Model model) {
        log.info("console request refused: {}", e instanceof org.springframework.web.bind.MissingServletRequestParameterException m
                ? "parameter '" + m.getParameterName() + "' missing" : "multipart body not readable");
        model.addAttribute("message", messages.getMessage("error.badRequest", null, LocaleContextHolder.getLocale()));
        return "console/error";
    }

    @ExceptionHandler(Exception.class)
    @ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
    public String failed(Exception e, Model model) {
        log.error("console page failed: {}", e.toString(), e);
        model.addAttribute("message", messages.getMessage("error.internal", null, LocaleContextHolder.getLocale()));
        return "console/error";
    }
}
