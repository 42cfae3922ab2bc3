package id.lapor.gateway.config;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's error page for what it refuses before Spring sees the request, as application/problem+json (RFC 9457)
 * for the API: a path with an encoded slash or NUL ({@code /api/complaints/..%2F..%2Fetc}, {@code /api/complaints/%00}),
 * a request line or headers over the limit (a 10 KB ticket). Tomcat's own page was HTML with the server's name and
 * version, not the problem+json every API error is documented as ({@code ops.ApiDocs}). Paths outside {@code /api/}
 * (the console, webhooks) keep Tomcat's page, without report and server version; a request whose path Tomcat could
 * not read at all (a request line over the limit) gets problem+json, as it may have been the API's. The body never
 * echoes the request. Installed as the host's error report valve ({@code CoreConfiguration}).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        String uri = request.getRequestURI();
        boolean api = uri == null || uri.isEmpty() || uri.startsWith("/api/") || uri.equals("/api");
        if (!api || status < 400 || response.getContentWritten() > 0) {
            super.report(request, response, throwable);
            return;
        }
        if (!response.setErrorReported()) return;
        String title = status == 400 ? "Bad request" : status == 404 ? "Not found" : status == 414 ? "URI too long"
                : status == 431 ? "Request header fields too large" : status >= 500 ? "Server error" : "Request refused";
        String detail = status >= 500 ? "the request failed inside the server; nothing was stored, try again"
                : "the server refused the request before reading it (a path with an encoded slash, NUL or control character, "
                + "or a request line or headers over the size limit); nothing was stored";
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            // the body is ASCII; JSON takes no charset parameter
            Writer w = response.getReporter();
            if (w != null) {
                w.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written: nothing more to do
        }
    }
}
