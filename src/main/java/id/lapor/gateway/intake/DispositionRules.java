package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Complaint;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Target institution (LAPOR! disposition_id) per category, from {@code channel-config/dispositions.yaml}.
 * The first rule listing the complaint's category wins; otherwise the fallback (usually the regional
 * government's own LAPOR! admin unit, which disposes it by hand).
 */
public final class DispositionRules {

    public record Rule(List<String> categories, String institutionId, String name) {
        public Rule {
            categories = categories == null ? List.of() : List.copyOf(categories);
            Objects.requireNonNull(institutionId, "dispositions.yaml: rule without institution_id");
            Objects.requireNonNull(name, "dispositions.yaml: rule without name");
        }
    }

    private final Complaint.Disposition fallback;
    private final List<Rule> rules;

    public DispositionRules(Complaint.Disposition fallback, List<Rule> rules) {
        this.fallback = Objects.requireNonNull(fallback, "dispositions.yaml needs a 'fallback' institution");
        this.rules = List.copyOf(rules);
    }

    /**
     * The institution a letter is addressed to ("Kepada Yth. Kepala Dinas Kesehatan …"), when the
     * addressee line names one of the rules' institutions (case and spacing ignored); empty otherwise,
     * for example for a letter to the Bupati, which then goes by category.
     */
    public Optional<Complaint.Disposition> forAddressee(String addressee) {
        if (addressee == null || addressee.isBlank()) return Optional.empty();
        String said = squeeze(addressee);
        Rule best = null;
        int bestLength = 0;
        for (Rule r : rules) {
            String name = squeeze(r.name());
            if (said.contains(name) && name.length() > bestLength) {
                best = r;
                bestLength = name.length();
            }
        }
        return Optional.ofNullable(best).map(r -> new Complaint.Disposition(r.institutionId(), r.name()));
    }

    private static String squeeze(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** Every institution the rules name, the fallback first, each once (the console's OPD choices). */
    public List<Complaint.Disposition> institutions() {
        java.util.LinkedHashMap<String, Complaint.Disposition> all = new java.util.LinkedHashMap<>();
        all.put(fallback.institutionId(), fallback);
        for (Rule r : rules) all.putIfAbsent(r.institutionId(), new Complaint.Disposition(r.institutionId(), r.name()));
        return List.copyOf(all.values());
    }

    /** The institution that disposes by hand: for complaints no rule covers and those whose category is uncertain. */
    public Complaint.Disposition fallback() {
        return fallback;
    }

    /** The institution of the first rule listing {@code categoryCode}, else the {@link #fallback}. */
    public Complaint.Disposition forCategory(String categoryCode) {
        for (Rule r : rules) {
            if (r.categories().contains(categoryCode)) return new Complaint.Disposition(r.institutionId(), r.name());
        }
        return fallback;
    }
}
