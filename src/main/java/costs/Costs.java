package costs;

import java.nio.file.Path;
import java.time.Clock;

import app.EventIntake;
import app.ReadPositions;
import app.ReportFiles;
import app.StateDb;

/** The cost capability's beans, built from its settings: the guard, the usage intake and the API. */
public record Costs(CostGuard guard, UsageIntake intake, CostsApi api) {

    public static Costs create(CostSettings settings, Path usageFile, StateDb db, ReadPositions positions,
                               EventIntake intake, ReportFiles reports, Clock clock) {
        UsageEventParser parser = new UsageEventParser(settings.prices());
        UsageLog log = new UsageLog(usageFile, db, positions, new UsageRepository(db), parser, clock);
        CostGuard guard = new CostGuard(settings, log, new CapRepository(db), reports, clock);
        return new Costs(guard, new UsageIntake(log, parser, intake), new CostsApi(guard));
    }
}
