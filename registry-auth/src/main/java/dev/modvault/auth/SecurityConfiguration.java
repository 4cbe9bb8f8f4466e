package dev.modvault.auth;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what. The admin API ({@code /api/**}) needs an admin credential; until token management lands that
 * is the bootstrap token, and without one the admin API is closed to everyone. The GOPROXY protocol and the health
 * probes are open (reading modules anonymously is the default until the auth issue).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminAuthProperties.class)
public class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain adminApi(HttpSecurity http, AdminAuthProperties properties) throws Exception {
        boolean closed = properties.bootstrapToken() == null || properties.bootstrapToken().isBlank();
        http.securityMatcher("/api/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .addFilterBefore(new BootstrapTokenFilter(properties.bootstrapToken()), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().hasRole("ADMIN"))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problem(response, 401,
                                closed ? "the admin API is closed: no admin credential is configured"
                                        + " (set modvault.admin.bootstrap-token)"
                                        : "admin credentials required: Authorization: Bearer <token>"))
                        .accessDeniedHandler((request, response, ex) -> problem(response, 403,
                                "this credential may not use the admin API")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                // the protocol sets its own Cache-Control (immutable artifacts are cached for a year)
                .headers(h -> h.cacheControl(c -> c.disable()))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    /**
     * Requests the firewall refuses (a path with "//", encoded "/" or "." segments, ...) get the same one-line
     * text/plain 400 as every other malformed GOPROXY request, the only error form the go command shows.
     */
    @Bean
    RequestRejectedHandler plainTextRejections() {
        return (request, response, e) -> {
            byte[] body = "bad request: malformed request path (\"//\", an encoded '/' or '.', or other characters the server refuses)\n"
                    .getBytes(StandardCharsets.UTF_8);
            response.setStatus(400);
            response.setContentType("text/plain; charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        };
    }

    /** No form or basic users: keeps Spring Boot from inventing a default user with a logged password. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    private static void problem(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"modvault\"");
        }
        response.setContentType("application/problem+json");
        byte[] body = ("{\"type\":\"about:blank\",\"status\":" + status + ",\"title\":\""
                + (status == 401 ? "Unauthorized" : "Forbidden") + "\",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
