package id.lapor.gateway.channel.social;

import id.lapor.gateway.intake.Enrichment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.ChannelNormaliser;
import id.lapor.gateway.intake.TextHygiene;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a flagged social-media post into a complaint draft. The post URL (normalised: lower-case
 * host, no fragment, no tracking parameters) is the transport id, so flagging the same post twice
 * gives one complaint. The poster is the reporter and the sender ({@code social:<platform>:<handle>},
 * never the admin, who is recorded as a flag); a post without a handle is its own sender
 * ({@code social:<platform>:post:<url>}), so the same text from unknown posters is never merged.
 */
public class SocialNormaliser implements ChannelNormaliser<SocialReport> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern HANDLE = Pattern.compile("@?[\\p{L}\\p{N}._-]{1,64}");
    private static final Pattern TRACKING = Pattern.compile("^(utm_[a-z]+|fbclid|gclid|igshid|igsh|mibextid|__cft__(%5B0%5D|\\[0])?|__tn__|si|s|t|ref|ref_src)=.*", Pattern.CASE_INSENSITIVE);

    /** How far past now a post's time may lie (clocks and zones) before it is refused as in the future. */
    public static final java.time.Duration POSTED_AT_GRACE = java.time.Duration.ofDays(1);
    private static final Pattern ONE_LINE = Pattern.compile("(?U)\\s+");

    private final SocialProperties props;

    public SocialNormaliser(SocialProperties props) {
        this.props = props;
    }

    @Override
    public Channel channel() {
        return Channel.SOCIAL;
    }

    @Override
    public Class<SocialReport> inputType() {
        return SocialReport.class;
    }

    /** One flagged-post report as the API received it (JSON bytes, {@code flagged_by} set from the login). */
    @Override
    public Normalisation normalise(SocialReport report) {
        return normaliseRaw(report.raw(), report.instance());
    }

    @Override
    public Normalisation normaliseRaw(byte[] raw, String instance) {
        if (raw == null || raw.length == 0) return Normalisation.rejected(ReasonClass.PARSE, "empty body");
        if (raw.length > props.maxRequestBytes()) {
            return Normalisation.rejected(ReasonClass.TOO_LARGE, "body of " + raw.length + " bytes exceeds " + props.maxRequestBytes());
        }
        SocialPost post;
        try {
            post = JSON.readValue(new String(raw, StandardCharsets.UTF_8), SocialPost.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            return Normalisation.rejected(ReasonClass.PARSE, "unknown field '" + quoted(e.getPropertyName()) + "'");
        } catch (JsonProcessingException e) {
            return Normalisation.rejected(ReasonClass.PARSE, "not a social report JSON object: " + notJson(e));
        }
        return normalise(post, instance);
    }

    /**
     * Why a body is no {@link SocialPost}, without quoting it: Jackson's own message quotes the value it could not
     * read ({@code Cannot deserialize value of type Boolean from String "<what the admin typed>"}), and the reason is
     * logged and shown. The kind of failure, the field it was in (a field of {@link SocialPost}: unknown ones are
     * refused before) and the byte offset.
     */
    static String notJson(JsonProcessingException e) {
        StringBuilder b = new StringBuilder(e.getClass().getSimpleName());
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            b.append(" in field '");
            for (var ref : m.getPath()) {
                if (ref.getFieldName() != null) b.append(b.charAt(b.length() - 1) == '\'' ? "" : ".").append(ref.getFieldName());
                else if (ref.getIndex() >= 0) b.append('[').append(ref.getIndex()).append(']');
            }
            b.append('\'');
        }
        if (e.getLocation() != null && e.getLocation().getCharOffset() >= 0) b.append(" at character ").append(e.getLocation().getCharOffset());
        return b.toString();
    }

    /**
     * What a reason quotes of the body (a platform, a field name): as a store can hold it and a log line can show it
     * (TextHygiene: no NUL, control characters or lone surrogates), at most 100 characters. A NUL in a quoted
     * platform made PostgreSQL refuse the quarantine row, and the API answered 503 on every retry.
     */
    private static String quoted(String s) {
        String t = TextHygiene.clean(s == null ? "" : s);
        return t.length() <= 100 ? t : TextHygiene.cut(t, 100) + "…";
    }

    /**
     * A flag's value as one line: every Unicode white space one space, then NUL and control characters left out
     * (TextHygiene), stripped; "" for null. A flag is one line (canonical schema {@code ^[A-Z0-9_]+(:.*)?$}): a note
     * with U+2028/U+2029 (pasted from a phone) was left in two lines by {@code \\s+} and the whole report was
     * quarantined as "canonical complaint invalid".
     */
    private static String oneLine(String s) {
        return s == null ? "" : TextHygiene.clean(ONE_LINE.matcher(s).replaceAll(" "));
    }

    public Normalisation normalise(SocialPost p, String instance) {
        if (p == null) return Normalisation.rejected(ReasonClass.PARSE, "empty body");
        String platform = p.platform() == null ? null : p.platform().strip().toLowerCase(Locale.ROOT);
        if (platform == null || platform.isEmpty()) return Normalisation.rejected(ReasonClass.VALIDATION, "platform is required");
        if (!props.platforms().contains(platform)) {
            return Normalisation.rejected(ReasonClass.POLICY, "platform '" + quoted(platform) + "' is not one of " + props.platforms());
        }
        if (p.postUrl() != null && p.postUrl().strip().length() > MAX_URL_CHARS) {
            return Normalisation.rejected(ReasonClass.VALIDATION, "post_url is longer than " + MAX_URL_CHARS + " characters");
        }
        String url = canonicalUrl(p.postUrl());
        if (url == null) return Normalisation.rejected(ReasonClass.VALIDATION, "post_url must be an absolute http(s) URL");
        // blank once intake has cleaned it (TextHygiene: NUL and control characters go): "\u0000" alone was taken and failed
        // the canonical schema later with "/content: must be at least 1 characters long"
        if (p.text() == null || TextHygiene.clean(p.text()).isEmpty()) return Normalisation.rejected(ReasonClass.VALIDATION, "text is required");
        if (p.text().length() > props.maxTextChars()) {
            return Normalisation.rejected(ReasonClass.TOO_LARGE, "text of " + p.text().length() + " characters exceeds " + props.maxTextChars());
        }
        if (p.note() != null && p.note().strip().length() > MAX_NOTE_CHARS) {
            return Normalisation.rejected(ReasonClass.VALIDATION, "note is longer than " + MAX_NOTE_CHARS + " characters");
        }
        String handle = p.authorHandle() == null ? null : p.authorHandle().strip();
        if (handle != null && !handle.isEmpty() && !HANDLE.matcher(handle).matches()) {
            return Normalisation.rejected(ReasonClass.VALIDATION, "author_handle has characters a handle cannot have");
        }
        Instant postedAt = null;
        if (p.postedAt() != null && !p.postedAt().isBlank()) {
            try {
                postedAt = OffsetDateTime.parse(p.postedAt().strip()).toInstant();
            } catch (DateTimeParseException e) {
                return Normalisation.rejected(ReasonClass.VALIDATION, "posted_at is not an ISO-8601 date-time with offset");
            }
            // a post cannot be posted later than it is flagged (a day's grace for clocks and zones): 2999-01-01 was taken
            // as the complaint's occurred_at, and +999999999-12-31 failed the canonical schema with a pattern error
            if (postedAt.isAfter(Instant.now().plus(POSTED_AT_GRACE))) {
                return Normalisation.rejected(ReasonClass.VALIDATION, "posted_at is in the future");
            }
        }
        List<ComplaintDraft.AttachmentContent> attachments = new ArrayList<>();
        List<SocialPost.Screenshot> shots = new ArrayList<>();
        if (p.screenshotBase64() != null && !p.screenshotBase64().isBlank()) {
            shots.add(new SocialPost.Screenshot(p.screenshotFilename(), p.screenshotBase64()));
        }
        if (p.screenshots() != null) shots.addAll(p.screenshots());
        for (SocialPost.Screenshot s : shots) {
            if (s == null || s.base64() == null || s.base64().isBlank()) continue;
            byte[] shot;
            try {
                shot = Base64.getDecoder().decode(s.base64().replaceAll("\\s+", ""));
            } catch (IllegalArgumentException e) {
                return Normalisation.rejected(ReasonClass.PARSE, "screenshot_base64 is not base64");
            }
            if (shot.length > props.maxScreenshotBytes()) {
                return Normalisation.rejected(ReasonClass.TOO_LARGE, "screenshot of " + shot.length + " bytes exceeds " + props.maxScreenshotBytes());
            }
            // a file's own name as other channels keep it (TextHygiene.fileName: no folders, no NUL or control characters,
            // at most 200 characters): a NUL made PostgreSQL refuse the insert (503 on every retry), a 600-character name
            // failed the canonical schema, "../../x.png" was kept as given
            String name = TextHygiene.fileName(s.filename());
            attachments.add(new ComplaintDraft.AttachmentContent(name == null ? "tangkapan-layar" : name, shot));
        }
        String who = handle == null || handle.isEmpty() ? "unknown" : handle.replaceFirst("^@", "").toLowerCase(Locale.ROOT);
        String reporterId = "social:" + platform + ":" + who;
        // content dedup is per sender: posts with no handle are not all one "unknown" poster, so each is its own sender
        String senderKey = handle == null || handle.isEmpty() ? "social:" + platform + ":post:" + url : reporterId;
        boolean anonymous = Boolean.TRUE.equals(p.anonymous());
        Complaint.Reporter reporter = new Complaint.Reporter(anonymous ? null : p.authorName(), null, null, reporterId,
                anonymous, Boolean.TRUE.equals(p.confidential()));
        List<String> flags = new ArrayList<>();
        if (p.flaggedBy() != null) flags.add("SOCIAL_FLAGGED_BY:" + p.flaggedBy());
        String note = oneLine(p.note());
        if (!note.isEmpty()) flags.add("ADMIN_NOTE:" + note);
        // the admin's choice of category and OPD (intake.Enrichment honours them; unknown codes fall back to the suggestion)
        String category = oneLine(p.category());
        String opd = oneLine(p.dispositionId());
        if (!category.isEmpty()) flags.add(Enrichment.ADMIN_CATEGORY + category);
        if (!opd.isEmpty()) flags.add(Enrichment.ADMIN_OPD + opd);
        // content is the poster's words only, so the same text flagged from two URLs is a content duplicate;
        // the URL travels as source.external_id and is cited to LAPOR! by the request mapper
        String content = p.text().strip();
        Complaint.Location location = p.location() == null || p.location().isBlank() ? null
                : new Complaint.Location(p.location().strip(), null, null);
        return Normalisation.accepted(ComplaintDraft.of(Channel.SOCIAL, senderKey).instance(instance).externalId(url)
                .occurredAt(postedAt).reporter(reporter).content(content).language("id").location(location)
                .attachments(attachments).flags(flags).build());
    }

    /** Longest post URL taken, in characters (the complaint's {@code external_id} column holds 1,024). */
    public static final int MAX_URL_CHARS = 1000;

    /** Longest admin note on a flagged post, in characters: it becomes one flag line ({@code ADMIN_NOTE:…}), not a document. */
    public static final int MAX_NOTE_CHARS = 1000;
    private static final Pattern IDN_HOST = Pattern.compile("(?i)^(https?://)([^/?#@:]+)(.*)$", Pattern.DOTALL);

    /**
     * https://X.com/a/status/1?utm_source=y#top → https://x.com/a/status/1; https://twitter.com/a/status/1 →
     * https://x.com/a/status/1 and m.facebook.com → facebook.com ({@link #SAME_SITE}); a host in another script (IDN,
     * https://пример.рф/p) in its ASCII form (https://xn--e1afmkfd.xn--p1ai/p: java.net.URI reads no host otherwise,
     * and such a post was refused as "not an absolute http(s) URL"). The console's flag form asks the same.
     *
     * @return the canonical URL, or null when {@code raw} is blank, longer than {@value #MAX_URL_CHARS} characters,
     *         not an absolute http(s) URL with a host (javascript:, data:, ftp:, a relative path) or not a URL at all
     */
    /**
     * Hosts that serve the same posts under another name, to the one name the key uses: Twitter became X in 2023
     * and twitter.com links still resolve to the same status ids; Facebook's and YouTube's mobile and web hosts show
     * the same post ids. Two admins who copy one post from different apps flag one complaint. Own table: which
     * hosts are aliases is a fact of these platforms, not something a URL library knows.
     */
    static final java.util.Map<String, String> SAME_SITE = java.util.Map.of(
            "twitter.com", "x.com", "mobile.twitter.com", "x.com", "mobile.x.com", "x.com",
            "m.facebook.com", "facebook.com", "web.facebook.com", "facebook.com", "mbasic.facebook.com", "facebook.com",
            "m.youtube.com", "youtube.com", "m.tiktok.com", "tiktok.com", "m.instagram.com", "instagram.com");

    public static String canonicalUrl(String raw) {
        if (raw == null || raw.isBlank() || raw.strip().length() > MAX_URL_CHARS) return null;
        try {
            String typed = raw.strip();
            java.util.regex.Matcher idn = IDN_HOST.matcher(typed);
            if (idn.matches() && !idn.group(2).chars().allMatch(c -> c < 128)) {
                typed = idn.group(1) + java.net.IDN.toASCII(idn.group(2), java.net.IDN.ALLOW_UNASSIGNED) + idn.group(3);
            }
            URI u = new URI(typed);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) return null;
            StringBuilder query = new StringBuilder();
            if (u.getRawQuery() != null) {
                for (String kv : u.getRawQuery().split("&")) {
                    if (kv.isEmpty() || TRACKING.matcher(kv).matches()) continue;
                    query.append(query.isEmpty() ? "?" : "&").append(kv);
                }
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
            String host = u.getHost().toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
            host = SAME_SITE.getOrDefault(host, host);
            return "https://" + host + (u.getPort() > 0 && u.getPort() != 443 && u.getPort() != 80 ? ":" + u.getPort() : "") + path + query;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
