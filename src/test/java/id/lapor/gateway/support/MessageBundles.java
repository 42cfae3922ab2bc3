package id.lapor.gateway.support;

import org.springframework.context.support.ResourceBundleMessageSource;

/** The gateway's own message bundle ({@code messages*.properties}, UTF-8) for tests of text without Spring. */
public final class MessageBundles {

    private MessageBundles() {
    }

    /** {@code messages}, {@code messages_en}, …; an unknown locale gets the Indonesian default, never the JVM's. */
    public static ResourceBundleMessageSource gateway() {
        ResourceBundleMessageSource m = new ResourceBundleMessageSource();
        m.setBasename("messages");
        m.setDefaultEncoding("UTF-8");
        m.setFallbackToSystemLocale(false);
        return m;
    }
}
