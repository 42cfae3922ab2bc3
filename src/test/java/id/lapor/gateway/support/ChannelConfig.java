package id.lapor.gateway.support;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A channel's shipped settings ({@code channel-config/<name>.yaml}, prefix {@code channels.<name>}) bound
 * to its properties record as Spring Boot binds them, without an application context: what the
 * Spring-free fixture and decision tests build normalisers from.
 */
public final class ChannelConfig {

    private ChannelConfig() {}

    /** {@code channel-config/status-updates.yaml} (prefix {@code status-updates}): the texts of status updates. */
    public static id.lapor.gateway.reply.StatusUpdateProperties statusUpdates() {
        try {
            StandardEnvironment env = new StandardEnvironment();
            new YamlPropertySourceLoader().load("status-updates", new FileSystemResource("channel-config/status-updates.yaml"))
                    .forEach(env.getPropertySources()::addLast);
            return Binder.get(env).bind("status-updates", id.lapor.gateway.reply.StatusUpdateProperties.class).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param name the file's and prefix's name: {@code sms}, {@code email}, {@code social}, {@code letters} */
    public static <T> T load(String name, Class<T> type) {
        try {
            StandardEnvironment env = new StandardEnvironment();
            new YamlPropertySourceLoader().load(name, new FileSystemResource("channel-config/" + name + ".yaml"))
                    .forEach(env.getPropertySources()::addLast);
            return Binder.get(env).bind("channels." + name, type).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
