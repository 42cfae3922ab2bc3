package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;
import java.util.Locale;

/** {@code GET /audit} (ADMIN): the console's audit log, newest first, filtered by user and action. */
@Controller
public class AuditController {

    private final AuditLog audit;
    private final ConsoleProperties props;

    public AuditController(AuditLog audit, ConsoleProperties props) {
        this.audit = audit;
        this.props = props;
    }

    @GetMapping("/audit")
    public String list(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
                       @RequestParam(required = false) String page, Model model, HttpServletRequest req) {
        AuditLog.Action a = ConsoleForms.parseEnum(AuditLog.Action.class, action);
        String u = user == null || user.isBlank() ? null : user.strip();
        int p = Paging.page(page);
        List<AuditLog.Entry> entries = audit.list(u, a, p, props.pageSize());
        model.addAttribute("entries", entries);
        model.addAttribute("actions", AuditLog.Action.values());
        model.addAttribute("user", u);
        model.addAttribute("action", a == null ? null : a.name());
        Paging.put(model, req, p, props.pageSize(), -1, entries.size());
        return "console/audit";
    }
}
