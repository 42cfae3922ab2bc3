package id.lapor.gateway.simulator;

/**
 * The mail server simulator on its own (docker-compose service {@code mail-sim}): an IMAP and SMTP
 * server (GreenMail) holding the complaint mailbox. MAIL_SIM_IMAP_PORT (3143), MAIL_SIM_SMTP_PORT
 * (3025), EMAIL_ADDRESS, EMAIL_IMAP_USERNAME, EMAIL_IMAP_PASSWORD (required), and
 * MAIL_SIM_TRAFFIC_SECONDS (one sample citizen mail every so many seconds; 0 = none).
 */
public final class MailSimulatorMain {

    private MailSimulatorMain() {}

    public static void main(String[] args) throws Exception {
        String password = System.getenv("EMAIL_IMAP_PASSWORD");
        if (password == null || password.isBlank()) {
            System.err.println("Mail simulator: environment variable EMAIL_IMAP_PASSWORD is required");
            System.exit(2);
        }
        String address = env("EMAIL_ADDRESS", "pengaduan@diskominfo.example.go.id");
        MailServerSimulator mail = new MailServerSimulator(env("MAIL_SIM_BIND", "0.0.0.0"),
                Integer.parseInt(env("MAIL_SIM_IMAP_PORT", "3143")), Integer.parseInt(env("MAIL_SIM_SMTP_PORT", "3025")),
                address, env("EMAIL_IMAP_USERNAME", "pengaduan"), password).start();
        System.out.println("Mail simulator: IMAP on port " + mail.imapPort() + ", SMTP on port " + mail.smtpPort());
        Runtime.getRuntime().addShutdownHook(new Thread(mail::close));
        long every = Long.parseLong(env("MAIL_SIM_TRAFFIC_SECONDS", "15"));
        if (every <= 0) {
            Thread.currentThread().join();
        }
        MailTraffic traffic = new MailTraffic(mail, address);
        while (true) {
            Thread.sleep(every * 1000);
            try {
                traffic.next();
            } catch (RuntimeException e) {
                System.err.println("Mail simulator: " + e.getMessage());
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
