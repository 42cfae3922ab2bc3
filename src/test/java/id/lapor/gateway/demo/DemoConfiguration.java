package id.lapor.gateway.demo;

import id.lapor.gateway.channel.email.EmailProperties;
import id.lapor.gateway.channel.letter.LetterProperties;
import id.lapor.gateway.channel.sms.SmsProperties;
import id.lapor.gateway.channel.whatsapp.WhatsAppProperties;
import id.lapor.gateway.channel.whatsapp.WhatsAppWebhookController;
import id.lapor.gateway.channel.telegram.TelegramProperties;
import id.lapor.gateway.forward.LaporProperties;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.MailServerSimulator;
import id.lapor.gateway.simulator.MailTraffic;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.simulator.SmsTraffic;
import id.lapor.gateway.simulator.SmscSimulator;
import id.lapor.gateway.simulator.WhatsAppSimulator;
import id.lapor.gateway.simulator.WhatsAppTraffic;
import id.lapor.gateway.simulator.TelegramSimulator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;

/**
 * Demo wiring, a source of {@link DemoApplication} only (deliberately not a {@code @Configuration}:
 * component scanning of the gateway, in tests too, must not pick it up). The LAPOR! simulator runs on
 * {@code gateway.simulator.port}, the SMSC simulator on {@code gateway.simulator.smsc-port} and the
 * mail server on {@code gateway.simulator.imap-port}/{@code smtp-port} (0 = none), accepting the
 * channels' own credentials; the demo feeders the routes of {@code demo-routes/demo.yaml} call.
 */
public class DemoConfiguration {

    @Bean
    DemoConsoleBanner demoConsoleBanner(id.lapor.gateway.config.GatewayProperties props) {
        return new DemoConsoleBanner(props);
    }

    @Bean
    DemoProperties demoProperties(Environment env) {
        return Binder.get(env).bind("gateway.demo", DemoProperties.class)
                .orElseThrow(() -> new IllegalStateException("gateway.demo.* is not set: start with the demo profile"));
    }

    @Bean
    SimulatorProperties simulatorProperties(Environment env) {
        return Binder.get(env).bind("gateway.simulator", SimulatorProperties.class)
                .orElseThrow(() -> new IllegalStateException("gateway.simulator.* is not set: start with the demo profile"));
    }

    @Bean(destroyMethod = "close")
    LaporSimulator laporSimulator(SimulatorProperties sim, LaporProperties lapor, Clock clock) throws IOException {
        return new LaporSimulator(sim.port(), lapor.bearer(), lapor.token(), lapor.baseUrl().getPath(),
                sim.statusStep(), SimulatorFaults.none(), clock);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${gateway.simulator.smsc-port:0} > 0")
    SmscSimulator smscSimulator(SimulatorProperties sim, SmsProperties sms) throws IOException {
        return new SmscSimulator(sim.smscPort(), sms.systemId(), sms.password() == null ? "" : sms.password());
    }

    /** The complaint mailbox (IMAP) and the citizens' mail (SMTP) of demo mode, with the email channel's own credentials. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${gateway.simulator.imap-port:0} > 0")
    MailServerSimulator mailServerSimulator(SimulatorProperties sim, EmailProperties email) {
        return new MailServerSimulator(sim.imapPort(), sim.smtpPort(), email.ownAddresses().get(0),
                email.imap().username(), email.imap().password() == null ? "" : email.imap().password()).start();
    }

    @Bean
    @ConditionalOnExpression("${gateway.simulator.imap-port:0} > 0")
    MailTraffic mailTraffic(MailServerSimulator mail, EmailProperties email) {
        return new MailTraffic(mail, email.ownAddresses().get(0));
    }

    @Bean
    @ConditionalOnExpression("${gateway.simulator.smsc-port:0} > 0")
    SmsTraffic smsTraffic(SmscSimulator smsc, SmsProperties sms) {
        return new SmsTraffic(smsc, sms.shortCode());
    }

    /** The WhatsApp Cloud API simulator on {@code gateway.simulator.whatsapp-port}, with the channel's own secrets. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${gateway.simulator.whatsapp-port:0} > 0")
    WhatsAppSimulator whatsAppSimulator(Environment env, WhatsAppProperties wa, Clock clock) throws IOException {
        return new WhatsAppSimulator(env.getRequiredProperty("gateway.simulator.whatsapp-port", Integer.class), wa.accessToken(),
                wa.appSecret(), wa.phoneNumberId(), clock);
    }

    @Bean
    @ConditionalOnExpression("${gateway.simulator.whatsapp-port:0} > 0")
    WhatsAppTraffic whatsAppTraffic(WhatsAppSimulator sim, Environment env) {
        return new WhatsAppTraffic(sim, () -> {
            String port = env.getProperty("local.server.port");
            return port == null ? null : URI.create("http://127.0.0.1:" + port + WhatsAppWebhookController.PATH);
        });
    }

    @Bean
    DemoWhatsApp demoWhatsApp(ObjectProvider<WhatsAppTraffic> traffic) {
        return new DemoWhatsApp(traffic);
    }

    @Bean
    DemoPace demoWhatsAppPace(DemoProperties demo) {
        return new DemoPace("whatsapp", demo.feedLimit(), demo.trickleEvery(), demo.feedInterval());
    }

    /** The Telegram Bot API simulator the demo's Telegram channel polls, with the channel's own token. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${gateway.simulator.telegram-port:0} > 0")
    TelegramSimulator telegramSimulator(SimulatorProperties sim, TelegramProperties telegram) throws IOException {
        return new TelegramSimulator(sim.telegramPort(), telegram.token() == null ? "" : telegram.token());
    }

    @Bean
    DemoTelegram demoTelegram(ObjectProvider<TelegramSimulator> telegram) {
        return new DemoTelegram(telegram);
    }

    @Bean
    DemoPace demoTelegramPace(DemoProperties demo) {
        return new DemoPace("telegram", demo.feedLimit(), demo.trickleEvery(), demo.feedInterval());
    }

    @Bean
    DemoFeeder demoFeeder() {
        return new DemoFeeder();
    }

    @Bean
    DemoSms demoSms(ObjectProvider<SmsTraffic> traffic) {
        return new DemoSms(traffic);
    }

    @Bean
    DemoEmail demoEmail(ObjectProvider<MailTraffic> traffic) {
        return new DemoEmail(traffic);
    }

    @Bean
    DemoLetters demoLetters(LetterProperties letters) {
        return new DemoLetters(letters);
    }

    @Bean
    DemoPace demoPostsPace(DemoProperties demo) {
        return new DemoPace("posts", demo.feedLimit(), demo.trickleEvery(), demo.feedInterval());
    }

    @Bean
    DemoPace demoSmsPace(DemoProperties demo) {
        return new DemoPace("sms", demo.feedLimit(), demo.trickleEvery(), demo.feedInterval());
    }

    @Bean
    DemoPace demoEmailPace(DemoProperties demo) {
        return new DemoPace("email", demo.feedLimit(), demo.trickleEvery(), demo.feedInterval());
    }

    @Bean
    DemoPace demoLettersPace(DemoProperties demo) {
        return new DemoPace("letters", demo.letterLimit(), demo.trickleEvery(), demo.letterInterval());
    }
}
