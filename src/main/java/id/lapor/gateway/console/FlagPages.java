package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.channel.social.SocialNormaliser;
import id.lapor.gateway.channel.social.SocialProperties;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.DispositionRules;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.MediaTypes;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.env.Environment;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tandai unggahan (ADMIN): the form to flag a social-media post with screenshots as evidence. A submit
 * goes through the SOCIAL channel exactly as {@code POST /api/social/reports} does
 * ({@code direct:social-report} → SocialNormaliser → {@code direct:normalise}), so the same post flagged
 * twice gives the existing ticket. "Sarankan" fills category and OPD from the text (the category model,
 * {@code classify.CategoryClassifier}, and {@code intake.DispositionRules}); the admin may change both. Screenshots
 * are screened like letters: type from the bytes (Tika), size limit {@code channels.social.max-screenshot-bytes}.
 */
@Controller
public class FlagPages {

    /** Screenshot types accepted, by content (never by the file name). */
    static final Set<String> SCREENSHOT_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/gif");
    static final int MAX_SCREENSHOTS = 10;
    private static final Pattern HANDLE = Pattern.compile("@?[\\p{L}\\p{N}._-]{1,64}");

    private final ProducerTemplate camel;
    private final SocialProperties social;
    private final CategoryLexicon categories;
    private final id.lapor.gateway.classify.CategoryClassifier model;
    private final DispositionRules dispositions;
    private final AuditLog audit;
    private final ConsoleFormat format;
    private final MessageSource messages;
    private final Environment env;
    private final QuarantineReasons reasons;
    private final ObjectMapper json = new ObjectMapper();

    public FlagPages(ProducerTemplate camel, SocialProperties social, CategoryLexicon categories,
                     id.lapor.gateway.classify.CategoryClassifier model, DispositionRules dispositions, AuditLog audit, ConsoleFormat format, MessageSource messages,
                     Environment env, QuarantineReasons reasons) {
        this.reasons = reasons;
        this.camel = camel;
        this.social = social;
        this.categories = categories;
        this.model = model;
        this.dispositions = dispositions;
        this.audit = audit;
        this.format = format;
        this.messages = messages;
        this.env = env;
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    private boolean enabled() {
        return env.getProperty("channels.social.enabled", Boolean.class, false);
    }

    private String show(Model model, FlagForm form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("platforms", social.platforms());
        model.addAttribute("categories", categories.entries());
        model.addAttribute("opds", dispositions.institutions());
        model.addAttribute("enabled", enabled());
        model.addAttribute("maxShotMb", Math.max(1, social.maxScreenshotBytes() / (1024 * 1024)));
        return "console/flag";
    }

    @GetMapping("/tandai")
    public String form(Model model) {
        FlagForm f = new FlagForm();
        f.setPlatform(social.platforms().get(0));
        return show(model, f, Map.of());
    }

    /** Fills in category and OPD from the text when the admin has not chosen them. */
    /**
     * "Sarankan": the category model's reading of the post's text. Only a confident suggestion fills the
     * category and OPD (which the admin then owns: a chosen category is an admin's decision and skips the
     * review queue); an unsure one leaves them empty and names the model's best guesses instead, so that
     * submitting without choosing sends the complaint to "Tinjau kategori" rather than turning a guess into
     * a decision.
     *
     * @return the suggestion, or null when there is no text to read
     */
    id.lapor.gateway.intake.CategorySuggester.Suggestion suggest(FlagForm f) {
        if (f.getText() == null || f.getText().isBlank()) return null;
        var s = model.suggest(null, f.getText());
        if (!s.confident()) return s;
        Complaint.Category c = s.category();
        if (f.getCategory() == null || f.getCategory().isBlank()) f.setCategory(c.code());
        if (f.getOpd() == null || f.getOpd().isBlank()) f.setOpd(dispositions.forCategory(f.getCategory()).institutionId());
        return s;
    }

    /** Field name → what is wrong, in the reader's language; empty when the form can be sent. */
    Map<String, String> check(FlagForm f, List<MultipartFile> shots) {
        Map<String, String> e = new LinkedHashMap<>();
        String url = f.getPostUrl() == null ? "" : f.getPostUrl().strip();
        // the social channel's own reading of the URL, so the form refuses what the channel would quarantine
        // (before, a URL over 1,000 characters passed here and came back as "refused and kept in quarantine")
        if (url.isEmpty()) e.put("postUrl", msg("flag.error.urlRequired"));
        else if (url.length() > SocialNormaliser.MAX_URL_CHARS) e.put("postUrl", msg("flag.error.urlLong", SocialNormaliser.MAX_URL_CHARS));
        else if (SocialNormaliser.canonicalUrl(url) == null) e.put("postUrl", msg("flag.error.url"));
        if (f.getPlatform() == null || !social.platforms().contains(f.getPlatform())) e.put("platform", msg("flag.error.platform"));
        if (f.getAuthorHandle() != null && !f.getAuthorHandle().isBlank() && !HANDLE.matcher(f.getAuthorHandle().strip()).matches()) {
            e.put("authorHandle", msg("flag.error.handle"));
        }
        if (f.getPostedAt() != null && !f.getPostedAt().isBlank()) {
            String at = postedAt(f.getPostedAt());
            if (at == null) e.put("postedAt", msg("flag.error.postedAt"));
            else if (java.time.OffsetDateTime.parse(at).toInstant().isAfter(java.time.Instant.now().plus(SocialNormaliser.POSTED_AT_GRACE))) {
                e.put("postedAt", msg("flag.error.postedAtFuture"));
            }
        }
        if (f.getText() == null || f.getText().isBlank()) e.put("text", msg("flag.error.textRequired"));
        else if (f.getText().length() > social.maxTextChars()) e.put("text", msg("flag.error.textLong", social.maxTextChars()));
        if (f.getNote() != null && f.getNote().strip().length() > SocialNormaliser.MAX_NOTE_CHARS) {
            e.put("note", msg("flag.error.noteLong", SocialNormaliser.MAX_NOTE_CHARS));
        }
        if (f.getCategory() != null && !f.getCategory().isBlank()
                && categories.entries().stream().noneMatch(c -> c.code().equals(f.getCategory()))) e.put("category", msg("flag.error.choice"));
        if (f.getOpd() != null && !f.getOpd().isBlank()
                && dispositions.institutions().stream().noneMatch(d -> d.institutionId().equals(f.getOpd()))) e.put("opd", msg("flag.error.choice"));
        List<MultipartFile> files = shots == null ? List.of() : shots.stream().filter(s -> s != null && !s.isEmpty()).toList();
        if (files.size() > MAX_SCREENSHOTS) e.put("screenshots", msg("flag.error.tooMany", MAX_SCREENSHOTS));
        long total = 0;
        for (MultipartFile s : files) {
            String name = RawView.visible(s.getOriginalFilename());
            if (s.getSize() > social.maxScreenshotBytes()) {
                e.put("screenshots", msg("flag.error.shotLarge", name, social.maxScreenshotBytes() / (1024 * 1024)));
                break;
            }
            try {
                String type = MediaTypes.detect(s.getBytes());
                if (!SCREENSHOT_TYPES.contains(type)) {
                    e.put("screenshots", msg("flag.error.shotType", name, type));
                    break;
                }
            } catch (IOException x) {
                e.put("screenshots", msg("flag.error.shotType", name, "?"));
                break;
            }
            total += s.getSize();
        }
        // base64 grows the bytes by a third; the social channel's request limit applies to the whole report
        if (!e.containsKey("screenshots") && total * 4 / 3 + 64 * 1024 > social.maxRequestBytes()) {
            e.put("screenshots", msg("flag.error.shotsTotal", social.maxRequestBytes() * 3 / 4 / (1024 * 1024)));
        }
        if (!e.isEmpty() && !files.isEmpty()) e.putIfAbsent("screenshotsAgain", msg("flag.error.chooseAgain"));
        return e;
    }

    private String postedAt(String local) {
        try {
            return LocalDateTime.parse(local.strip()).atZone(format.zone()).toOffsetDateTime().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @PostMapping("/tandai")
    public String submit(@ModelAttribute FlagForm form, @RequestParam(name = "screenshots", required = false) List<MultipartFile> shots,
                         @RequestParam(name = "action", defaultValue = "send") String action, Authentication who,
                         Model model, RedirectAttributes flash) throws IOException {
        if (action.equals("suggest")) {
            form.setCategory(null);
            form.setOpd(null);
            var s = suggest(form);
            if (s != null && s.confident()) {
                model.addAttribute("suggested", msg("flag.suggested", Math.round(s.category().confidence() * 100)));
            } else if (s != null) {
                String guesses = String.join(", ", s.top().stream()
                        .map(c -> c.name() + " " + Math.round(c.confidence() * 100) + " %").toList());
                model.addAttribute("suggested", msg("flag.unsure", guesses));
            }
            return show(model, form, Map.of());
        }
        if (!enabled()) return show(model, form, Map.of("form", msg("flag.error.off")));
        Map<String, String> errors = check(form, shots);
        if (!errors.isEmpty()) return show(model, form, errors);
        ObjectNode b = json.createObjectNode().put("platform", form.getPlatform()).put("post_url", form.getPostUrl().strip())
                .put("text", form.getText());
        if (notBlank(form.getAuthorHandle())) b.put("author_handle", form.getAuthorHandle().strip());
        if (notBlank(form.getAuthorName())) b.put("author_name", form.getAuthorName().strip());
        if (notBlank(form.getPostedAt())) b.put("posted_at", postedAt(form.getPostedAt()));
        if (notBlank(form.getLocation())) b.put("location", form.getLocation().strip());
        if (notBlank(form.getNote())) b.put("note", form.getNote().strip());
        if (notBlank(form.getCategory())) b.put("category", form.getCategory());
        if (notBlank(form.getOpd())) b.put("disposition_id", form.getOpd());
        if (form.isAnonymous()) b.put("anonymous", true);
        if (form.isConfidential()) b.put("confidential", true);
        ArrayNode list = b.putArray("screenshots");
        if (shots != null) {
            for (MultipartFile s : shots) {
                if (s == null || s.isEmpty()) continue;
                String name = s.getOriginalFilename() == null ? "tangkapan-layar" : s.getOriginalFilename().replaceAll("[\\p{Cntrl}/\\\\]", "_");
                list.addObject().put("filename", name).put("base64", Base64.getEncoder().encodeToString(s.getBytes()));
            }
        }
        // the login, never the form, says who flagged it (as the API does)
        b.put("flagged_by", who.getName());
        IntakeReceipt r = camel.requestBody("direct:social-report", json.writeValueAsBytes(b), IntakeReceipt.class);
        audit.flag(who.getName(), AuditLog.Origin.CONSOLE, r, form.getPostUrl().strip(), list.size());
        switch (r.outcome()) {
            case STORED -> flash.addFlashAttribute("flash", msg("flag.stored", r.ticket()));
            case DUPLICATE_TRANSPORT, DUPLICATE_CONTENT -> flash.addFlashAttribute("flash", msg("flag.before", r.ticket()));
            default -> {
                return show(model, form, Map.of("form", msg("flag.error.refused", reasons.text(r.reason()))));
            }
        }
        return "redirect:/aduan/" + r.ticket();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
