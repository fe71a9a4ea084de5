package com.jxc.returns.command.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * An instant a business fact can plausibly have happened at (1970 up to the end of 2199). Year 1 or 9999 is a typo or
 * an attack, and the far ends of {@link Instant} overflow every window and deadline computed from them.
 */
@Documented
@Constraint(validatedBy = BusinessInstant.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface BusinessInstant {

    Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    Instant END = Instant.parse("2200-01-01T00:00:00Z");

    String message() default "must be between 1970-01-01T00:00:00Z and 2199-12-31T23:59:59Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<BusinessInstant, Instant> {
        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return value == null || (!value.isBefore(EARLIEST) && value.isBefore(END));
        }
    }
}
