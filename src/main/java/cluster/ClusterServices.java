package cluster;

import java.util.LinkedHashMap;
import java.util.Map;

import base.ConfigException;
import base.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;

/**
 * Builds the Camel cluster service CLUSTER_SERVICE names. A backend is configuration, not code:
 * {@code cluster.<name>.class} (the CamelClusterService class) and {@code cluster.<name>.options}
 * (its properties, name=value joined by &amp;) in application.properties, or a class name given
 * directly as CLUSTER_SERVICE. CLUSTER_OPTIONS is bound last, so an operator overrides any default.
 * Properties are bound as camel.beans binds them (Camel's PropertyBindingSupport); an empty value is
 * left out, so {@code podName={{CLUSTER_NODE_ID}}} keeps Camel's default while the variable is unset.
 */
public final class ClusterServices {
    private ClusterServices() {
    }

    public static CamelClusterService create(CamelContext context, Settings s, ClusterSettings cluster) {
        String name = cluster.service();
        String className = s.optional("cluster." + name + ".class").orElse(name);
        if (!className.contains(".")) {
            throw new ConfigException("CLUSTER_SERVICE", "'" + name + "' is not none, file, kubernetes or the class name of a Camel"
                    + " cluster service (e.g. org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService)");
        }
        CamelClusterService service = instantiate(context, className);
        service.setId(cluster.nodeId());
        Map<String, Object> options = new LinkedHashMap<>(defaults(s, name));
        options.putAll(cluster.options());
        // an empty value (an unset variable in a default) leaves the service's own default
        options.values().removeIf(v -> v == null || v.toString().isBlank());
        try {
            PropertyBindingSupport.build().withCamelContext(context).withTarget(service).withProperties(options)
                    .withMandatory(true).withIgnoreCase(true).bind();
        } catch (RuntimeException e) {
            throw new ConfigException("CLUSTER_OPTIONS", "cannot configure " + className + " with " + options.keySet()
                    + " (" + e.getMessage() + "); see the class's properties in Camel's documentation");
        }
        // some services (KubernetesClusterService) assemble their configuration when initialised:
        // before that, a view (the route policy's, the role's) would be built without it
        service.setCamelContext(context);
        ServiceHelper.initService(service);
        return service;
    }

    private static CamelClusterService instantiate(CamelContext context, String className) {
        Class<?> type = context.getClassResolver().resolveClass(className);
        if (type == null) {
            throw new ConfigException("CLUSTER_SERVICE", "class " + className + " is not on the class path; add the Camel component"
                    + " that has it as a dependency in pom.xml and rebuild");
        }
        if (!CamelClusterService.class.isAssignableFrom(type)) {
            throw new ConfigException("CLUSTER_SERVICE", className + " is not a " + CamelClusterService.class.getName());
        }
        return (CamelClusterService) context.getInjector().newInstance(type);
    }

    private static Map<String, Object> defaults(Settings s, String name) {
        String raw = s.text("cluster." + name + ".options", "");
        try {
            return raw.isEmpty() ? Map.of() : URISupport.parseQuery(raw);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("cluster." + name + ".options", "cannot be read as name=value pairs joined by & (" + e.getMessage() + ")");
        }
    }
}
