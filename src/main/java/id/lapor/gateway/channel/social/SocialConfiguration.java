package id.lapor.gateway.channel.social;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The normaliser always exists (quarantine replay needs it); the API endpoint only when the channel is enabled. */
@Configuration(proxyBeanMethods = false)
public class SocialConfiguration {

    @Bean
    SocialNormaliser socialNormaliser(SocialProperties props) {
        return new SocialNormaliser(props);
    }

    @Bean
    SocialReception socialReception(SocialProperties props) {
        return new SocialReception(props.instance());
    }
}
