package id.lapor.gateway.config;

import id.lapor.gateway.forward.LaporProperties;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Clock;

/**
 * Demo mode: the LAPOR! simulator runs inside the gateway on gateway.simulator.port, and the SMSC
 * simulator on gateway.simulator.smsc-port (0 = none), accepting the SMS channel's own credentials.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.simulator.enabled", havingValue = "true")
public class SimulatorConfiguration {

    @Bean(destroyMethod = "close")
    LaporSimulator laporSimulator(GatewayProperties props, LaporProperties lapor, Clock clock) throws IOException {
        return new LaporSimulator(props.simulator().port(), lapor.bearer(), lapor.token(), lapor.baseUrl().getPath(),
                props.simulator().statusStep(), SimulatorFaults.none(), clock);
    }

    @Bean(destroyMethod = "close")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("${gateway.simulator.smsc-port:0} > 0")
    id.lapor.gateway.simulator.SmscSimulator smscSimulator(GatewayProperties props, id.lapor.gateway.channel.sms.SmsProperties sms)
            throws IOException {
        return new id.lapor.gateway.simulator.SmscSimulator(props.simulator().smscPort(), sms.systemId(),
                sms.password() == null ? "" : sms.password());
    }

    /** The complaint mailbox (IMAP) and the citizens' mail (SMTP) of demo mode, with the email channel's own credentials. */
    @Bean(destroyMethod = "close")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("${gateway.simulator.imap-port:0} > 0")
    id.lapor.gateway.simulator.MailServerSimulator mailServerSimulator(GatewayProperties props, id.lapor.gateway.channel.email.EmailProperties email) {
        return new id.lapor.gateway.simulator.MailServerSimulator(props.simulator().imapPort(), props.simulator().smtpPort(),
                email.ownAddresses().get(0), email.imap().username(), email.imap().password() == null ? "" : email.imap().password()).start();
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(id.lapor.gateway.simulator.MailServerSimulator.class)
    id.lapor.gateway.simulator.MailTraffic mailTraffic(id.lapor.gateway.simulator.MailServerSimulator mail,
                                                      id.lapor.gateway.channel.email.EmailProperties email) {
        return new id.lapor.gateway.simulator.MailTraffic(mail, email.ownAddresses().get(0));
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(id.lapor.gateway.simulator.SmscSimulator.class)
    id.lapor.gateway.simulator.SmsTraffic smsTraffic(id.lapor.gateway.simulator.SmscSimulator smsc,
                                                    id.lapor.gateway.channel.sms.SmsProperties sms) {
        return new id.lapor.gateway.simulator.SmsTraffic(smsc, sms.shortCode());
    }
}
