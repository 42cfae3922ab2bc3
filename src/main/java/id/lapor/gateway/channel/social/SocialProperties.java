package id.lapor.gateway.channel.social;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/** {@code channel-config/social.yaml}: social-media posts flagged by Diskominfo admins. No secrets. */
@Validated
@ConfigurationProperties("channels.social")
public record SocialProperties(
        boolean enabled,
        @NotBlank String instance,
        @Min(1) int maxTextChars,
        @Min(1) int maxRequestBytes,
        @Min(0) int maxScreenshotBytes,
        @NotEmpty List<String> platforms) {}
