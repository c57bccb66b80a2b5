package base;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Opens real append channels that fill up after {@code room} bytes; each one opened is kept for the test to steer. */
final class FillingDisk implements NdjsonAppender.Opener {
    static final String NO_SPACE = "No space left on device";
    final List<FullDiskChannel> opened = new ArrayList<>();
    long room;
    String error = NO_SPACE;

    FillingDisk(long room) {
        this.room = room;
    }

    @Override
    public FileChannel open(Path file) throws IOException {
        FullDiskChannel ch = new FullDiskChannel(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                room, error);
        opened.add(ch);
        return ch;
    }
}
