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
 * {@code /api/**}): an unknown ticket or item is 404, anything else 500 with nothing internal shown.
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

    @ExceptionHandler(Exception.class)
    @ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
    public String failed(Exception e, Model model) {
        log.error("console page failed: {}", e.toString(), e);
        model.addAttribute("message", messages.getMessage("error.internal", null, LocaleContextHolder.getLocale()));
        return "console/error";
    }
}
