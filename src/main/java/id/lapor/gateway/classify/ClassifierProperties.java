package id.lapor.gateway.classify;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.classifier.*}: the category model (issue #20, documented in the README).
 *
 * @param reviewBelow calibrated best probability under which a complaint is marked for review and disposed
 *                    by hand (0..1); null (the default) takes the threshold shipped with the calibration
 *                    ({@link CalibrationFit#RESOURCE}), chosen by cross-validation on the training corpus
 * @param iterations  GIS training iterations (300)
 * @param cutoff      features seen fewer times in training are ignored (1)
 * @param retrainEvery how often the schedule ({@code routes/classifier.yaml}) retrains when corrections arrived (24 h)
 */
@Validated
@ConfigurationProperties("gateway.classifier")
public record ClassifierProperties(@DecimalMin("0.0") @DecimalMax("1.0") Double reviewBelow,
                                   @Min(10) @Max(2000) Integer iterations, @Min(1) @Max(10) Integer cutoff,
                                   java.time.Duration retrainEvery) {

    public ClassifierProperties {
        if (iterations == null) iterations = CategoryModel.Settings.DEFAULT.iterations();
        if (cutoff == null) cutoff = CategoryModel.Settings.DEFAULT.cutoff();
        if (retrainEvery == null) retrainEvery = java.time.Duration.ofHours(24);
    }

    public CategoryModel.Settings settings() {
        return new CategoryModel.Settings(iterations, cutoff);
    }
}
