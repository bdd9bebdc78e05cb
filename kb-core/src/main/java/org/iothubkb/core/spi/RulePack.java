package org.iothubkb.core.spi;

import java.util.List;

/**
 * A jar that contributes rules: DRL files, their message bundles and their scenario fixtures, all as class-path
 * resources of the jar.
 *
 * <p>Found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.iothubkb.core.spi.RulePack}. The DRL files are compiled together with the
 * built-in rules, so they can use the built-in facts ({@code LogEvent}, {@code Finding}) and globals. The texts of a
 * rule are read from {@code messages.properties} and {@code messages_<lang>.properties} in the folder of its DRL
 * package, as for the built-in rules.
 *
 * @since 0.2
 */
public interface RulePack extends Plugin {

    /**
     * The pack's DRL files as class-path resource names relative to the jar's root, e.g.
     * {@code "com/example/iothub/rules/door-sensor.drl"}; never empty.
     */
    List<String> ruleResources();

    /**
     * The pack's scenario files ({@code cases.json}, in the format of the built-in scenarios) as class-path
     * resource names; their inputs are resolved next to each file. Empty by default.
     */
    default List<String> scenarioResources() {
        return List.of();
    }
}
