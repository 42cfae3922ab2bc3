package id.lapor.gateway.demo;

import id.lapor.gateway.simulator.MailTraffic;
import org.springframework.beans.factory.ObjectProvider;

/** Demo mode: one sample citizen mail per tick into the in-process complaint mailbox, if there is one. */
public class DemoEmail {

    private final ObjectProvider<MailTraffic> traffic;

    public DemoEmail(ObjectProvider<MailTraffic> traffic) {
        this.traffic = traffic;
    }

    public void next() {
        MailTraffic t = traffic.getIfAvailable();
        if (t != null) t.next();
    }
}
