package dev.modvault.auth;

import dev.modvault.auth.access.Caller;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what (docs/security.md). Every request with an {@code Authorization} header is authenticated by
 * {@link CredentialFilter} (API tokens, the bootstrap token, OIDC JWTs). The admin API ({@code /api/**}) needs the
 * admin scope, except reading the catalog, which needs read (or nothing, with anonymous reading on). The GOPROXY
 * protocol needs read, unless {@code modvault.auth.anonymous-read} lets anonymous callers read public modules; its
 * requests are admitted by {@link ProtocolGate} in the protocol handler, in front of this chain, with the same
 * credentials and rule (the rule below still covers the other paths, such as the checksum database proxy);
 * which PRIVATE modules a caller sees is decided by the access decorator over the GoProxy, not here. Health and
 * metrics stay open.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AdminAuthProperties.class, AuthProperties.class})
@Import(AuthConfiguration.class)
public class SecurityConfiguration {

    private static final String[] CATALOG_READS = {"/api/v1/catalog/modules", "/api/v1/catalog/versions"};

    @Bean
    @Order(1)
    SecurityFilterChain adminApi(HttpSecurity http, AuthProperties properties, Credentials credentials)
            throws Exception {
        stateless(http.securityMatcher("/api/**"))
                .addFilterBefore(new CredentialFilter(credentials), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> {
                    if (properties.anonymousRead()) {
                        a.requestMatchers(HttpMethod.GET, CATALOG_READS).permitAll();
                    } else {
                        a.requestMatchers(HttpMethod.GET, CATALOG_READS).hasAuthority(Caller.READ);
                    }
                    a.anyRequest().hasAuthority(Caller.ADMIN);
                })
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> AuthResponses.unauthorized(request,
                                response, "admin credentials required: Authorization: Bearer <token> with an"
                                        + " admin-scoped API token, an OIDC token of the admin group, or the"
                                        + " bootstrap token"))
                        .accessDeniedHandler((request, response, ex) -> AuthResponses.forbidden(request, response,
                                "this credential may not use the admin API: it lacks the admin scope")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http, AuthProperties properties, Credentials credentials)
            throws Exception {
        stateless(http)
                // the protocol sets its own Cache-Control (immutable artifacts are cached for a year)
                .headers(h -> h.cacheControl(c -> c.disable()))
                .addFilterBefore(new CredentialFilter(credentials), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> {
                    a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    a.requestMatchers("/actuator/**").permitAll();
                    if (properties.anonymousRead()) {
                        a.anyRequest().permitAll();
                    } else {
                        a.anyRequest().hasAuthority(Caller.READ);
                    }
                })
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> AuthResponses.unauthorized(request,
                                response, ProtocolGate.AUTHENTICATION_REQUIRED))
                        .accessDeniedHandler((request, response, ex) -> AuthResponses.forbidden(request, response,
                                ProtocolGate.READ_REQUIRED)));
        return http.build();
    }

    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
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
}
