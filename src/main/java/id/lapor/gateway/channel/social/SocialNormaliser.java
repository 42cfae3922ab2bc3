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
            return Normalisation.rejected(ReasonClass.PARSE, "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            return Normalisation.rejected(ReasonClass.PARSE, "not a social report JSON object: " + e.getOriginalMessage());
        }
        return normalise(post, instance);
    }

    public Normalisation normalise(SocialPost p, String instance) {
        if (p == null) return Normalisation.rejected(ReasonClass.PARSE, "empty body");
        String platform = p.platform() == null ? null : p.platform().strip().toLowerCase(Locale.ROOT);
        if (platform == null || platform.isEmpty()) return Normalisation.rejected(ReasonClass.VALIDATION, "platform is required");
        if (!props.platforms().contains(platform)) {
            return Normalisation.rejected(ReasonClass.POLICY, "platform '" + platform + "' is not one of " + props.platforms());
        }
        String url = canonicalUrl(p.postUrl());
        if (url == null) return Normalisation.rejected(ReasonClass.VALIDATION, "post_url must be an absolute http(s) URL");
        if (p.text() == null || p.text().isBlank()) return Normalisation.rejected(ReasonClass.VALIDATION, "text is required");
        if (p.text().length() > props.maxTextChars()) {
            return Normalisation.rejected(ReasonClass.TOO_LARGE, "text of " + p.text().length() + " characters exceeds " + props.maxTextChars());
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
            attachments.add(new ComplaintDraft.AttachmentContent(s.filename() == null ? "tangkapan-layar" : s.filename(), shot));
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
        if (p.note() != null && !p.note().isBlank()) flags.add("ADMIN_NOTE:" + p.note().strip().replaceAll("\\s+", " "));
        // the admin's choice of category and OPD (intake.Enrichment honours them; unknown codes fall back to the suggestion)
        if (p.category() != null && !p.category().isBlank()) flags.add(Enrichment.ADMIN_CATEGORY + p.category().strip());
        if (p.dispositionId() != null && !p.dispositionId().isBlank()) flags.add(Enrichment.ADMIN_OPD + p.dispositionId().strip());
        // content is the poster's words only, so the same text flagged from two URLs is a content duplicate;
        // the URL travels as source.external_id and is cited to LAPOR! by the request mapper
        String content = p.text().strip();
        Complaint.Location location = p.location() == null || p.location().isBlank() ? null
                : new Complaint.Location(p.location().strip(), null, null);
        return Normalisation.accepted(ComplaintDraft.of(Channel.SOCIAL, senderKey).instance(instance).externalId(url)
                .occurredAt(postedAt).reporter(reporter).content(content).language("id").location(location)
                .attachments(attachments).flags(flags).build());
    }

    /** https://X.com/a/status/1?utm_source=y#top → https://x.com/a/status/1; null if not http(s). */
    static String canonicalUrl(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 1000) return null;
        try {
            URI u = new URI(raw.strip());
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
            return "https://" + host + (u.getPort() > 0 && u.getPort() != 443 && u.getPort() != 80 ? ":" + u.getPort() : "") + path + query;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
