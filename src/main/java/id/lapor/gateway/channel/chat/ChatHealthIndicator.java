package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Health component {@code chat}: per enabled chat channel (telegram, whatsapp) its reception mode, the last
 * successful poll or webhook request on this node ({@link ChatIntakeActivity}), poll/webhook failures in a row,
 * the open conversations and the age of the oldest one. Rules ({@link #judge}), per channel:
 * <ul>
 *   <li><b>DOWN</b> when {@code failuresDown} or more polls (or webhook requests whose store failed) failed in a
 *       row: the platform or the store is unreachable and messages wait (Telegram keeps them 24 h; Meta retries a
 *       webhook for up to a day);</li>
 *   <li><b>DOWN</b> when an open conversation's last message is older than the channel's quiet period + media wait +
 *       {@code closeGrace}: conversations are not being closed into complaints (the close route is stopped or
 *       intake fails), so citizens get no ticket;</li>
 *   <li><b>OUT_OF_SERVICE</b> (when not DOWN) when the last poll was refused by the platform for this configuration
 *       (Telegram 401/404: the bot token is refused; 409: a webhook is set while the gateway polls): retrying does
 *       not help, an admin must change the token or the mode;</li>
 *   <li>otherwise <b>UP</b>. A disabled channel is not listed; with none enabled the component is UP.</li>
 * </ul>
 * The component's status is the worst of its channels (DOWN, then OUT_OF_SERVICE, then UP). Readiness does not
 * include it (application.yaml), so a chat problem never takes the gateway out of the load balancer.
 */
public class ChatHealthIndicator implements HealthIndicator {

    private final ChatConversations store;
    private final List<ChatChannelSettings> channels;
    private final List<ChatIntakeActivity> activities;
    private final Clock clock;
    private final int failuresDown;
    private final Duration closeGrace;

    /**
     * @param failuresDown failures in a row that make a channel DOWN (at least 1)
     * @param closeGrace   how long past quiet period + media wait an open conversation may wait for its close
     */
    public ChatHealthIndicator(ChatConversations store, List<ChatChannelSettings> channels, List<ChatIntakeActivity> activities,
                               Clock clock, int failuresDown, Duration closeGrace) {
        if (failuresDown < 1) throw new IllegalArgumentException("failuresDown must be at least 1");
        this.store = store;
        this.channels = List.copyOf(channels);
        this.activities = List.copyOf(activities);
        this.clock = clock;
        this.failuresDown = failuresDown;
        this.closeGrace = closeGrace;
    }

    /** One channel's status and the reasons for it (empty when UP). */
    public record Verdict(Status status, List<String> problems) {}

    /**
     * The rules above for one channel.
     *
     * @param activity what reception reported on this node
     * @param open     its open conversations now
     */
    public static Verdict judge(ChatChannelSettings settings, ChatIntakeActivity.Snapshot activity, ChatConversations.OpenStats open,
                                Instant now, int failuresDown, Duration closeGrace) {
        List<String> down = new ArrayList<>();
        if (activity.failuresInARow() >= failuresDown && !activity.refused()) {
            down.add(activity.failuresInARow() + " " + activity.mode() + " failures in a row (last: " + activity.lastError() + ")");
        }
        if (open.stalestLastPartAt() != null) {
            Duration waited = Duration.between(open.stalestLastPartAt(), now);
            Duration allowed = settings.quietPeriod().plus(max(settings.mediaWait(), settings.quietPeriod())).plus(closeGrace);
            if (waited.compareTo(allowed) > 0) {
                down.add("conversations are not closing: one has waited " + waited.toSeconds() + " s since its last message (> "
                        + allowed.toSeconds() + " s)");
            }
        }
        if (!down.isEmpty()) return new Verdict(Status.DOWN, down);
        if (activity.refused() && activity.failuresInARow() > 0) {
            return new Verdict(Status.OUT_OF_SERVICE, List.of("refused by the platform: " + activity.lastError()));
        }
        return new Verdict(Status.UP, List.of());
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Map<Channel, ChatConversations.OpenStats> open = store.openStats();
        Status worst = Status.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        for (ChatChannelSettings s : channels) {
            if (!s.enabled()) continue;
            ChatIntakeActivity.Snapshot a = activities.stream().filter(x -> x.channel() == s.channel()).findFirst()
                    .map(ChatIntakeActivity::snapshot)
                    .orElse(new ChatIntakeActivity.Snapshot(s.channel(), "webhook", null, null, 0, null, false));
            ChatConversations.OpenStats o = open.getOrDefault(s.channel(), new ChatConversations.OpenStats(0, null, null));
            Verdict v = judge(s, a, o, now, failuresDown, closeGrace);
            if (rank(v.status()) > rank(worst)) worst = v.status();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", v.status().getCode());
            d.put("mode", a.mode());
            d.put("last_success", a.lastSuccess() == null ? "none on this node since start" : a.lastSuccess().toString());
            d.put("failures_in_a_row", a.failuresInARow());
            if (a.lastError() != null) d.put("last_error", a.lastError());
            d.put("open_conversations", o.count());
            d.put("oldest_open_age_seconds", o.oldestOpenedAt() == null ? 0 : Duration.between(o.oldestOpenedAt(), now).toSeconds());
            if (!v.problems().isEmpty()) d.put("problems", v.problems());
            details.put(s.channel().name().toLowerCase(Locale.ROOT), d);
        }
        if (details.isEmpty()) details.put("channels", "no chat channel enabled");
        return Health.status(worst).withDetails(details).build();
    }

    private static int rank(Status s) {
        if (Status.DOWN.equals(s)) return 2;
        if (Status.OUT_OF_SERVICE.equals(s)) return 1;
        return 0;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
