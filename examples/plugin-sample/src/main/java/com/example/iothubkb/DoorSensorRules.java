package com.example.iothubkb;

import java.util.List;

import org.iothubkb.core.spi.RulePack;

/**
 * A rule pack for a fleet whose door sensors are named {@code door-*}: a lost connection of such a sensor is
 * also a site-security matter, on top of the built-in connectivity diagnosis.
 */
public final class DoorSensorRules implements RulePack {

    @Override
    public String id() {
        return "example-door-sensors";
    }

    @Override
    public String description() {
        return "door sensors (door-*) that lose their connection";
    }

    @Override
    public List<String> ruleResources() {
        return List.of("com/example/iothubkb/rules/door-sensors.drl");
    }

    @Override
    public List<String> scenarioResources() {
        return List.of("com/example/iothubkb/rules/scenarios/cases.json");
    }
}
