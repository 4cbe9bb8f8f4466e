package dev.modvault.storage.azure;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one {@link AzuriteServer} per test class: started before the class's first test, stopped (and its data
 * deleted) after its last, and handed to any test or lifecycle method with an {@code AzuriteServer} parameter.
 *
 * <pre>{@code
 * @ExtendWith(AzuriteExtension.class)
 * class SomeTest {
 *     @BeforeAll static void setUp(AzuriteServer azurite) { ... }
 * }
 * }</pre>
 */
public final class AzuriteExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            AzuriteExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AzuriteServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The class's server; the class-level store closes it (AutoCloseable) when the class is done. */
    private static AzuriteServer server(ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getParent().isPresent()
                && context.getTestMethod().isPresent() ? context.getParent().get() : context;
        return classContext.getStore(NAMESPACE).computeIfAbsent(AzuriteServer.class,
                k -> AzuriteServer.start(), AzuriteServer.class);
    }
}
