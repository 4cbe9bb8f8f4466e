package dev.modvault.web.server;

import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.Http11Nio2Protocol;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tomcat settings: the connector, and plain-text errors even for requests Tomcat refuses itself. */
@Configuration(proxyBeanMethods = false)
public class TomcatConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainTextErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(PlainTextErrorReportValve.class.getName());
            }
        });
    }

    /**
     * Tomcat's NIO2 connector instead of NIO. NIO hands every ready connection from one poller thread to a request
     * thread and back, and the request threads wake the poller through a lock it also takes: under load the poller
     * waited on that lock for a tenth of its time, and the latency spread widened (docs/performance.md). With virtual
     * threads, Tomcat runs its own virtual-thread executor rather than Spring Boot's, because the NIO2 connector must
     * own the executor its channel group runs on.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> nio2Connector() {
        return factory -> {
            factory.setProtocol(Http11Nio2Protocol.class.getName());
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler().getExecutor() instanceof VirtualThreadExecutor) {
                    connector.getProtocolHandler().setExecutor(null);
                    connector.setProperty("useVirtualThreads", "true");
                }
            });
        };
    }
}
