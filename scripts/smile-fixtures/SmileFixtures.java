import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Writes the Smile reference files of src/backend/upstream/__fixtures__/smile (see generate.mjs) with Jackson, the
 * library Elasticsearch encodes Smile answers with, configured as Elasticsearch configures it (SmileXContent:
 * raw binary, shared names, no shared string values) unless told otherwise.
 *
 *   convert <in.json> <out.smile> [shared-values] [seven-bit-binary]   JSON text to Smile, token by token
 *   numbers <out.json> <out.smile> [seven-bit-binary]                 values JSON text cannot carry as such
 *                                                                       (floats, big numbers, binary), both ways
 */
public class SmileFixtures {
  static SmileFactory smile(boolean sharedValues, boolean sevenBitBinary) {
    SmileFactory factory = new SmileFactory();
    factory.configure(SmileGenerator.Feature.ENCODE_BINARY_AS_7BIT, sevenBitBinary);
    factory.configure(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES, sharedValues);
    factory.configure(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT, false);
    return factory;
  }

  static boolean has(String[] args, String flag) {
    for (String arg : args) {
      if (arg.equals(flag)) {
        return true;
      }
    }
    return false;
  }

  static void writeNumbers(JsonGenerator out) throws Exception {
    out.writeStartObject();
    out.writeFieldName("floats");
    out.writeStartArray();
    for (float value : new float[] {0.1f, -2.5f, 3.4028235e38f, 1.4e-45f, 16777217f, 0.333333f, 1e-7f, 100f}) {
      out.writeNumber(value);
    }
    out.writeEndArray();
    out.writeFieldName("doubles");
    out.writeStartArray();
    for (double value : new double[] {0.1, -29.951, 1.7976931348623157e308, 4.9e-324, -0.0, 1e21, 123456789.123}) {
      out.writeNumber(value);
    }
    out.writeEndArray();
    out.writeFieldName("longs");
    out.writeStartArray();
    for (long value : new long[] {0L, -1L, 15L, -16L, 16L, 2147483647L, -2147483648L, 2147483648L, 9007199254740993L, Long.MAX_VALUE, Long.MIN_VALUE}) {
      out.writeNumber(value);
    }
    out.writeEndArray();
    out.writeFieldName("bigIntegers");
    out.writeStartArray();
    for (String value : new String[] {"0", "18446744073709551615", "-170141183460469231731687303715884105728", "127", "-128"}) {
      out.writeNumber(new BigInteger(value));
    }
    out.writeEndArray();
    out.writeFieldName("bigDecimals");
    out.writeStartArray();
    for (String value : new String[] {"0.1", "-12345678901234567890.123456789", "1E+400", "2.5E-3", "100"}) {
      out.writeNumber(new BigDecimal(value));
    }
    out.writeEndArray();
    out.writeFieldName("binary");
    out.writeStartArray();
    for (int length : new int[] {0, 1, 6, 7, 8, 13, 14, 15, 100}) {
      byte[] bytes = new byte[length];
      for (int i = 0; i < length; i++) {
        bytes[i] = (byte) (i * 37 + length);
      }
      out.writeBinary(bytes);
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  public static void main(String[] args) throws Exception {
    boolean sevenBit = has(args, "seven-bit-binary");
    if (args[0].equals("convert")) {
      try (JsonParser in = new JsonFactory().createParser(new File(args[1]));
           OutputStream file = new FileOutputStream(args[2]);
           JsonGenerator out = smile(has(args, "shared-values"), sevenBit).createGenerator(file)) {
        in.nextToken();
        out.copyCurrentStructure(in);
      }
    } else if (args[0].equals("numbers")) {
      try (JsonGenerator json = new JsonFactory().createGenerator(new File(args[1]), JsonEncoding.UTF8)) {
        writeNumbers(json);
      }
      try (OutputStream file = new FileOutputStream(args[2]); JsonGenerator out = smile(false, sevenBit).createGenerator(file)) {
        writeNumbers(out);
      }
    } else {
      throw new IllegalArgumentException("convert or numbers");
    }
  }
}
