package costs;

import java.nio.file.Path;
import java.time.Clock;

import base.AppendFence;
import base.EventIntake;
import base.ReadPositions;
import base.ReportFiles;
import base.StateDb;
import base.StateVersions;

/** The cost capability's beans, built from its settings: the guard, the usage intake and the API. */
public record Costs(CostGuard guard, UsageIntake intake, CostsApi api) {

    /** @param fence the appender of posted usage: the reader never folds an append still under way */
    public static Costs create(CostSettings settings, Path usageFile, StateDb db, ReadPositions positions, AppendFence fence,
                               EventIntake intake, ReportFiles reports, Clock clock) {
        UsageEventParser parser = new UsageEventParser(settings.prices());
        UsageLog log = new UsageLog(usageFile, db, positions, fence, new UsageRepository(db), parser, clock);
        CostGuard guard = new CostGuard(settings, log, new CapRepository(db), new StateVersions(db), reports, clock);
        return new Costs(guard, new UsageIntake(log, parser, intake), new CostsApi(guard));
    }
}
