package id.lapor.gateway.console;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Login page, the start page (by role) and the page that says a role may not do something. */
@Controller
public class ConsoleController {

    private final ConsoleProperties props;

    public ConsoleController(ConsoleProperties props) {
        this.props = props;
    }

    @GetMapping("/login")
    public String login(Model model) {
        model.addAttribute("lockMinutes", Math.max(1, props.lockout().toMinutes()));
        return "console/login";
    }

    /** ADMIN and OPS start on Beranda; a CLERK on Surat (letter upload). */
    @GetMapping("/")
    public String start(Authentication who) {
        boolean ops = who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_OPS"));
        return ops ? "redirect:/beranda" : "redirect:/surat";
    }

    @RequestMapping("/terlarang")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    public String forbidden() {
        return "console/forbidden";
    }
}
