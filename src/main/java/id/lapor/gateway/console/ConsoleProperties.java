package id.lapor.gateway.console;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code gateway.console.*}: the admin console (documented in the README).
 *
 * @param maxFailedLogins failed logins of one username that lock it out of the console
 * @param lockout         how long failures are remembered and a lock lasts after the last failure
 * @param pageSize        rows per page of the console's lists
 * @param quietAfter      a switched-on channel without input for this long shows amber ("quiet channel")
 */
@Validated
@ConfigurationProperties("gateway.console")
public record ConsoleProperties(@Min(1) @Max(100) int maxFailedLogins, @NotNull Duration lockout,
                                @Min(5) @Max(200) int pageSize, Duration quietAfter) {

    public ConsoleProperties {
        if (maxFailedLogins == 0) maxFailedLogins = 5;
        if (lockout == null) lockout = Duration.ofMinutes(15);
        if (pageSize == 0) pageSize = 25;
        if (quietAfter == null) quietAfter = Duration.ofHours(24);
    }
}
