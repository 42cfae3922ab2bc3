package id.lapor.gateway.demo;

import id.lapor.gateway.simulator.WhatsAppTraffic;
import org.springframework.beans.factory.ObjectProvider;

/** Demo mode: one scripted WhatsApp webhook per tick through the in-process WhatsApp simulator, if there is one. */
public class DemoWhatsApp {

    private final ObjectProvider<WhatsAppTraffic> traffic;

    public DemoWhatsApp(ObjectProvider<WhatsAppTraffic> traffic) {
        this.traffic = traffic;
    }

    public void next() throws Exception {
        WhatsAppTraffic t = traffic.getIfAvailable();
        if (t != null) t.next();
    }
}
