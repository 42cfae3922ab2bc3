package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Wiring of the admin console: the audit log, Indonesian as the default language (messages.properties;
 * {@code ?lang=en} switches to messages_en.properties and a cookie keeps the choice).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleConfiguration implements WebMvcConfigurer {

    /** Indonesian, the console's default language. */
    public static final Locale INDONESIAN = Locale.forLanguageTag("id");

    @Bean
    ConsoleQueries consoleQueries(NamedParameterJdbcTemplate jdbc, id.lapor.gateway.intake.CanonicalJson json) {
        return new ConsoleQueries(jdbc, json);
    }

    @Bean
    ComplaintActions complaintActions(NamedParameterJdbcTemplate jdbc, org.springframework.transaction.support.TransactionTemplate tx,
                                      id.lapor.gateway.intake.Ledger ledger, id.lapor.gateway.intake.CanonicalJson json,
                                      id.lapor.gateway.intake.CategoryLexicon categories, id.lapor.gateway.intake.DispositionRules dispositions,
                                      id.lapor.gateway.forward.OutboxForwarder forwarder,
                                      id.lapor.gateway.forward.OutboxRepository outbox, AuditLog audit,
                                      id.lapor.gateway.classify.ClassifierStore examples, Clock clock) {
        return new ComplaintActions(jdbc, tx, ledger, json, categories, dispositions, forwarder, outbox, audit, examples, clock);
    }

    @Bean
    QuarantineActions quarantineActions(NamedParameterJdbcTemplate jdbc, id.lapor.gateway.intake.QuarantineStore store,
                                        id.lapor.gateway.intake.QuarantineReplay replay, AuditLog audit, Clock clock) {
        return new QuarantineActions(jdbc, store, replay, audit, clock);
    }

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver r = new CookieLocaleResolver("lapor-lang");
        r.setDefaultLocale(INDONESIAN);
        r.setCookieMaxAge(Duration.ofDays(365));
        return r;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        lang.setIgnoreInvalidLocale(true);
        registry.addInterceptor(lang).addPathPatterns(ConsoleSecurity.PATHS);
    }
}
