package com.jxc.returns.app.testing;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextCustomizerFactories;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole service in this JVM, listening on a random port, on a data directory of its own (see
 * {@link OwnDataDir}). Every class gets its own application context, and so empty stores, as it did when each
 * class declared its own {@code @TempDir} data directory. A {@link ServiceHttp} for the server's port and a
 * {@link LifecycleDriver} over it can be autowired.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ContextCustomizerFactories({OwnDataDir.Factory.class, ServiceHttp.Registration.class})
public @interface ServiceTest {

    /** {@code MOCK} for a class that only talks to beans and needs no server. */
    @AliasFor(annotation = SpringBootTest.class)
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.RANDOM_PORT;

    /** Properties this class sets on top of the service's defaults ({@code key=value}). */
    @AliasFor(annotation = SpringBootTest.class)
    String[] properties() default {};
}
