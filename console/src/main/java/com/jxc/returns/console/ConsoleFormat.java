package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/** Amounts, dates and rates written the way the reader's language writes them; used by the templates as {@code @fmt}. */
@Profile("!command")
@Component("fmt")
public class ConsoleFormat {

    /** The business time zone: dates on screen are days in Shanghai, like the policy's. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return "—";
        }
        Currency unit = Currency.getInstance(currency == null ? "CNY" : currency);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale());
        format.setCurrency(unit);
        format.setMinimumFractionDigits(unit.getDefaultFractionDigits());
        format.setMaximumFractionDigits(unit.getDefaultFractionDigits());
        return format.format(amount);
    }

    public String number(Number value) {
        return value == null ? "—" : NumberFormat.getNumberInstance(locale()).format(value);
    }

    /** A fraction (0.25) as a percentage (25%). */
    public String percent(BigDecimal fraction) {
        if (fraction == null) {
            return "—";
        }
        NumberFormat format = NumberFormat.getPercentInstance(locale());
        format.setMaximumFractionDigits(1);
        return format.format(fraction);
    }

    public String fraction(Double fraction) {
        return fraction == null ? "—" : percent(BigDecimal.valueOf(fraction));
    }

    public String hours(BigDecimal hours) {
        return hours == null ? "—" : number(hours.setScale(1, RoundingMode.HALF_EVEN));
    }

    public String dateTime(Instant instant) {
        return instant == null ? "—" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(locale()).withZone(ZONE).format(instant);
    }

    public String date(LocalDate date) {
        return date == null ? "—" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale())
                .format(date);
    }

    public String date(Instant instant) {
        return instant == null ? "—" : date(instant.atZone(ZONE).toLocalDate());
    }

    /** For {@code <input type="datetime-local">}-free ISO display in data attributes. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    public String shortId(String id) {
        return id == null ? "" : id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
